package vn.tipline.indicator;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The indicators collection and its per-tip index ({@code indicator_tips}: a tip's indicators by
 * the tip's id, read by id because the embedded store scans for any other field). Every write is
 * idempotent, so indexing a tip twice, or on two instances at once, changes nothing.
 */
@Service
class IndicatorStore {

    static final String BY_TIP = "indicator_tips";
    static final String LISTED_CHECKS = "indicator_checks";

    private final MongoTemplate mongo;
    private final Clock clock;

    IndicatorStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    static String idOf(Indicator indicator) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(indicator.key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notes that the tip names these indicators. */
    void record(String tipId, Instant filedAt, Collection<Indicator> indicators) {
        Instant now = clock.instant();
        for (Indicator indicator : indicators) {
            String id = create(indicator, now);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("tips.id").ne(tipId)),
                    new Update().push("tips", new IndicatorRecord.TipRef(tipId, filedAt)).set("lastSeen", now),
                    IndicatorRecord.class);
            upsert(Query.query(Criteria.where("_id").is(tipId)), new Update().addToSet("indicators", id), BY_TIP);
        }
    }

    /** Notes that a citizen named these indicators in a relay thread; once per thread, however many messages. */
    void record(IndicatorRecord.RelayRef relay, Collection<Indicator> indicators) {
        Instant now = clock.instant();
        for (Indicator indicator : indicators) {
            String id = create(indicator, now);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("relays.thread").ne(relay.thread())),
                    new Update().push("relays", relay).set("lastSeen", now), IndicatorRecord.class);
        }
    }

    private String create(Indicator indicator, Instant now) {
        String id = idOf(indicator);
        Update create = new Update().setOnInsert("type", indicator.type()).setOnInsert("value", indicator.value())
                .setOnInsert("status", IndicatorRecord.Status.REPORTED).setOnInsert("checks", 0L)
                .setOnInsert("firstSeen", now);
        if (indicator.qualifier() != null) {
            create.addToSet("qualifiers", indicator.qualifier());
        }
        upsert(Query.query(Criteria.where("_id").is(id)), create, IndicatorRecord.COLLECTION);
        return id;
    }

    /** Two instances upserting the same new id at once: one inserts, the other's insert collides and is retried as an update. */
    private void upsert(Query query, Update update, String collection) {
        try {
            mongo.upsert(query, update, collection);
        } catch (DuplicateKeyException raced) {
            mongo.upsert(query, update, collection);
        }
    }

    List<IndicatorRecord> ofTip(String tipId) {
        Document index = mongo.findById(tipId, Document.class, BY_TIP);
        List<String> ids = index == null ? List.of() : index.getList("indicators", String.class, List.of());
        return ids.stream().map(this::get).flatMap(Optional::stream).toList();
    }

    Optional<IndicatorRecord> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(mongo.findById(id, IndicatorRecord.class));
    }

    /** Indicators some tip added to since {@code since}: every one with a tip filed since then. */
    List<IndicatorRecord> seenSince(Instant since) {
        return mongo.find(Query.query(Criteria.where("lastSeen").gte(since)), IndicatorRecord.class);
    }

    List<IndicatorRecord> confirmed() {
        return mongo.find(Query.query(Criteria.where("status").is(IndicatorRecord.Status.CONFIRMED)), IndicatorRecord.class);
    }

    void decide(String id, IndicatorRecord.Status status, String reason, String by) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", status).set("reason", reason)
                .set("decidedBy", by).set("decidedAt", clock.instant()), IndicatorRecord.class);
    }

    /**
     * The stored indicators among these ids, in one read: the {@code _id} index serves {@code $in}, on
     * the embedded store too (its unique index looks each value up), so this is no scan.
     */
    List<IndicatorRecord> among(Collection<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), IndicatorRecord.class);
    }

    /**
     * Citizens checked this indicator {@code checks} more times: a count only. An indicator only the
     * {@link ReferenceList} names has no document here; its count goes to {@code indicator_checks}.
     */
    void countChecks(String id, long checks) {
        Query byId = Query.query(Criteria.where("_id").is(id));
        if (mongo.updateFirst(byId, new Update().inc("checks", checks), IndicatorRecord.class).getMatchedCount() == 0) {
            upsert(byId, new Update().inc("checks", checks), LISTED_CHECKS);
        }
    }
}
