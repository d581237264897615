package vn.tipline.channel;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.tipline.outbox.OutboxMessage;
import vn.tipline.store.StoreLocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every inbound platform event (a Telegram update, a Zalo webhook event), recorded before it is
 * acknowledged (webhook 200, polling offset) and handled exactly once per event id:
 * <ul>
 *   <li>{@code telegram_updates} (small, hot): an update is {@code pending} with its JSON, as the
 *       channel minimised it (only what handling reads: no names or user names), then
 *       {@code handled} with the replies the engine gave (so a crash after the engine ran does not
 *       run it again), then {@code done} without any content; done entries are deleted after a while.</li>
 *   <li>{@code telegram_updates_seen}: the ids of handled updates, looked up by id, kept longer than
 *       Telegram redelivers (24 h), so a late duplicate is recognised.</li>
 * </ul>
 * The stored update holds the chat id and the message: it stays only until the update is handled,
 * and the store's log keeps its bytes until the next compaction (hourly with the embedded store).
 */
public class InboundJournal {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboundJournal.class);

    public static final String PENDING = "pending";
    public static final String HANDLED = "handled";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration lease;
    private final String UPDATES;
    private final String SEEN;
    private final String channel;
    private final InboundMetrics metrics;

    /** Journal in collection {@code journal}, finished ids in {@code seen}; finished updates counted for {@code channel}. */
    public InboundJournal(MongoTemplate mongo, Clock clock, Duration lease, String journal, String seen,
                          String channel, InboundMetrics metrics) {
        this.mongo = mongo;
        this.clock = clock;
        this.lease = lease;
        this.UPDATES = journal;
        this.SEEN = seen;
        this.channel = channel;
        this.metrics = metrics;
        mongo.indexOps(SEEN).ensureIndex(new Index().on("at", Sort.Direction.ASC));
    }

    /** A claimed update: its (minimised) JSON while pending, its chat and replies once handled. */
    public record Claimed(Object id, String status, String raw, String chatId, List<OutboxMessage> replies, int attempts) {
    }

    /**
     * Records an update; false if this update_id is in the journal already (a redelivery). One write, the
     * only store work before the platform gets its 200: a late redelivery of an update finished and
     * pruned from the journal is recognised by {@link #claim} instead, before anything handles it.
     */
    public boolean record(Object updateId, String raw) {
        try {
            mongo.insert(new Document("_id", updateId).append("status", PENDING).append("raw", raw)
                    .append("receivedAt", clock.instant()).append("leaseUntil", java.util.Date.from(Instant.EPOCH))
                    .append("attempts", 0), UPDATES);
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    /**
     * Takes an update for handling, unless it is finished (also: a late redelivery of one finished long
     * ago, which is closed here without being handled again) or being handled elsewhere.
     */
    public Claimed claim(Object updateId, String owner) {
        Instant now = clock.instant();
        Document doc = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(updateId).and("status").in(PENDING, HANDLED)
                        .and("leaseUntil").lte(now)),
                new Update().set("leaseUntil", now.plus(lease)).set("owner", owner),
                FindAndModifyOptions.options().returnNew(true), Document.class, UPDATES);
        if (doc == null) {
            return null;
        }
        // A find by id, not exists(): that is a count, an aggregation, which the embedded store runs over
        // every document of the collection (thousands of ids here) instead of the _id index.
        if (PENDING.equals(doc.getString("status")) && mongo.findById(updateId, Document.class, SEEN) != null) {
            // Finished before (its id is kept longer than the journal entry): a late redelivery, handled once already.
            close(updateId, DONE, now);
            return null;
        }
        List<OutboxMessage> replies = new ArrayList<>();
        List<?> stored = doc.get("replies", List.class);
        if (stored != null) {
            for (Object o : stored) {
                Document r = (Document) o;
                replies.add(new OutboxMessage(r.getString("key"), r.getString("kind"), r.getString("body")));
            }
        }
        return new Claimed(updateId, doc.getString("status"), doc.getString("raw"), doc.getString("chatId"), replies,
                doc.getInteger("attempts", 0));
    }

    /** The engine ran: keep its replies with the update, so they are queued even after a crash. */
    public boolean handled(Object updateId, String owner, String chatId, List<OutboxMessage> replies) {
        List<Document> stored = replies.stream()
                .map(r -> new Document("key", r.key()).append("kind", r.kind()).append("body", r.body())).toList();
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(updateId).and("owner").is(owner)),
                new Update().set("status", HANDLED).set("chatId", chatId).set("replies", stored), UPDATES)
                .getModifiedCount() == 1;
    }

    /** Finished: the id is remembered, the content forgotten. */
    public void done(Object updateId, String status) {
        Instant now = clock.instant();
        try {
            mongo.insert(new Document("_id", updateId).append("at", now), SEEN);
            metrics.handled(channel, status);
        } catch (DuplicateKeyException already) {
            // Marked (and counted) by an earlier attempt that failed just after.
        }
        close(updateId, status, now);
    }

    /** Marks an entry finished and drops its content: only the id and the outcome stay. */
    private void close(Object updateId, String status, Instant now) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(updateId)),
                new Update().set("status", status).set("doneAt", now).unset("raw").unset("replies").unset("chatId")
                        .unset("owner"), UPDATES);
    }

    /** Handling failed: try again after {@code delay}. */
    public void retryLater(Object updateId, String owner, Duration delay) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(updateId).and("owner").is(owner)),
                new Update().set("leaseUntil", clock.instant().plus(delay)).inc("attempts", 1).unset("owner"), UPDATES);
    }

    /**
     * Frees every claim, so updates cut short by a crash are taken up at once instead of after their
     * lease. Only for a store no other instance can be using (the embedded one, locked to this
     * process), and only before this process claims anything. Returns how many were freed.
     */
    public long releaseClaims() {
        return mongo.updateMulti(Query.query(Criteria.where("status").in(PENDING, HANDLED)),
                new Update().set("leaseUntil", java.util.Date.from(Instant.EPOCH)).unset("owner"), UPDATES)
                .getModifiedCount();
    }

    /**
     * At start: on the embedded store, locked to this process, every claim is a crashed run's and is
     * freed ({@link #releaseClaims}); with a shared MongoDB other instances' claims are left to their leases.
     */
    public void releaseClaimsOfACrash(StoreLocation store) {
        if (store.isEmbedded()) {
            long freed = releaseClaims();
            if (freed > 0) {
                log.info("{}: {} update(s) cut short by the last stop are resumed now", UPDATES, freed);
            }
        }
    }

    /** Updates waiting to be handled (after a failure or a restart), oldest first. */
    public List<Claimed> due(int limit) {
        Query query = Query.query(Criteria.where("status").in(PENDING, HANDLED).and("leaseUntil").lte(clock.instant()))
                .with(Sort.by("receivedAt", "_id")).limit(limit);
        query.fields().include("_id", "raw", "chatId", "status", "receivedAt");
        List<Claimed> due = new ArrayList<>();
        for (Document doc : mongo.find(query, Document.class, UPDATES)) {
            due.add(new Claimed(doc.get("_id"), doc.getString("status"), doc.getString("raw"),
                    doc.getString("chatId"), List.of(), 0));
        }
        return due;
    }

    /** Deletes finished entries from the hot collection and ids older than any redelivery. */
    public long prune(Duration keepDone, Duration keepSeen) {
        Instant now = clock.instant();
        long removed = mongo.remove(Query.query(Criteria.where("status").in(DONE, FAILED)
                .and("doneAt").lt(now.minus(keepDone))), UPDATES).getDeletedCount();
        removed += mongo.remove(Query.query(Criteria.where("at").lt(now.minus(keepSeen))), SEEN).getDeletedCount();
        return removed;
    }
}
