package vn.tipline.police;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The citizens' relay messages already stored, for a feature that reads them after the fact (scam
 * indicators indexing the messages sent before it existed): each as the {@link RelayMessagePosted}
 * it would have been published as, so the reader has one way in. Never the reporter's key or contact.
 */
@Component
public class RelayHistory {

    private static final int BATCH = 500;

    private final MongoTemplate mongo;

    RelayHistory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Every citizen's message of every thread, threads in id order a batch at a time. */
    public void forEachCitizenMessage(Consumer<RelayMessagePosted> action) {
        Map<String, Optional<String>> provinces = new HashMap<>();
        String after = null;
        while (true) {
            Query query = after == null ? new Query() : Query.query(Criteria.where("_id").gt(after));
            List<RelayThread> batch = mongo.find(query.with(Sort.by("_id")).limit(BATCH), RelayThread.class);
            for (RelayThread thread : batch) {
                String province = provinces.computeIfAbsent(thread.unit(), unit -> Optional.ofNullable(unit)
                        .map(u -> mongo.findById(u, PoliceUnit.class))
                        .map(u -> PoliceCodes.provinceCode(u.provinceCode()))).orElse(null);
                thread.messages().stream().filter(m -> m.from() == RelayThread.From.CITIZEN)
                        .forEach(m -> action.accept(new RelayMessagePosted(thread.code(), thread.unit(), province, m.text(), m.at())));
            }
            if (batch.size() < BATCH) {
                return;
            }
            after = batch.get(batch.size() - 1).id();
        }
    }
}
