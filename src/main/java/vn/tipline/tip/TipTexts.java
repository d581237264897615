package vn.tipline.tip;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What another feature may read of tips to index their texts (the scam indicators): a tip's
 * citizen-written texts (description and answers to follow-ups) by code, all tips page by page,
 * and where tips are now (unit, province). Never the reporter's key or contact.
 */
@Service
public class TipTexts {

    private static final int BATCH = 500;

    private final MongoTemplate mongo;

    TipTexts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A tip's texts as its reporter wrote them. */
    public record Written(String id, String code, Instant createdAt, List<String> texts) {
    }

    /** Where a tip is now, for the officers' scope rule. */
    public record Whereabouts(String id, String code, String unit, String province, Instant createdAt) {
    }

    public Optional<Written> byCode(String code) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("code").is(code)), Tip.class)).map(TipTexts::written);
    }

    /** Every tip, oldest id first, a batch at a time: a store of any size is read without holding it all. */
    public void forEach(Consumer<Written> action) {
        String after = null;
        while (true) {
            Query query = after == null ? new Query() : Query.query(Criteria.where("_id").gt(after));
            List<Tip> batch = mongo.find(query.with(Sort.by("_id")).limit(BATCH), Tip.class);
            batch.forEach(tip -> action.accept(written(tip)));
            if (batch.size() < BATCH) {
                return;
            }
            after = batch.get(batch.size() - 1).getId();
        }
    }

    public Map<String, Whereabouts> whereabouts(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Query query = Query.query(Criteria.where("_id").in(ids));
        query.fields().include("code", "unit", "province", "createdAt");
        return mongo.find(query, Tip.class).stream()
                .map(t -> new Whereabouts(t.getId(), t.getCode(), t.getUnit(), t.getProvince(), t.getCreatedAt()))
                .collect(Collectors.toMap(Whereabouts::id, Function.identity()));
    }

    static Written written(Tip tip) {
        List<String> texts = new ArrayList<>();
        texts.add(tip.getDescription());
        tip.getTimeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.ANSWER && e.text() != null)
                .forEach(e -> texts.add(e.text()));
        return new Written(tip.getId(), tip.getCode(), tip.getCreatedAt(), texts);
    }
}
