package vn.tipline.channel;

import com.mongodb.client.model.Updates;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every inbound platform event (a Telegram update, a Zalo webhook event), recorded before it is
 * acknowledged (webhook 200, polling offset) and handled exactly once per event id, in two collections:
 * <ul>
 *   <li>the journal (small, hot): an event waiting or being handled, with its JSON as the channel
 *       minimised it (only what handling reads: no names or user names). Recorded already claimed by
 *       the instance that received it, so its worker needs no claim; once finished only its id and
 *       outcome stay, for a few minutes (a quick redelivery is refused on arrival).</li>
 *   <li>the seen ids: every event id taken up for handling, kept longer than a platform redelivers
 *       (Telegram: 24 h), so a late redelivery is recognised. Written when handling starts, with the
 *       time of the reception it belongs to: the same reception resumed after a crash goes on, another
 *       reception of that id is a redelivery and is dropped.</li>
 * </ul>
 * A handled event costs three store commands here: record, seen id, finish (each grouped with other
 * workers' while one is on its way). Whether the engine ran
 * is kept with the conversation (its answered message keys), not here, so a crash after the engine
 * ran replays the same replies without running it again.
 * The stored event holds the chat id and the message: it stays only until the event is handled, and
 * the store's log keeps its bytes until the next compaction (hourly with the embedded store).
 */
public class InboundJournal {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboundJournal.class);

    public static final String PENDING = "pending";
    public static final String HANDLED = "handled";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** Finished without handling: a late redelivery of an event handled before. */
    public static final String DUPLICATE = "duplicate";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration lease;
    private final String UPDATES;
    private final String SEEN;
    private final String channel;
    private final InboundMetrics metrics;
    /** Records and seen ids arrive from many request threads and workers at once: sent grouped. */
    private final GroupedInserts records;
    private final GroupedInserts seenIds;
    /** Finishes come from every worker at once: sent grouped as well. */
    private final GroupedUpdates finishes;

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
        this.records = new GroupedInserts(mongo.getCollection(journal), mongo.getExceptionTranslator());
        this.seenIds = new GroupedInserts(mongo.getCollection(seen), mongo.getExceptionTranslator());
        this.finishes = new GroupedUpdates(mongo.getCollection(journal), mongo.getExceptionTranslator());
    }

    /**
     * A claimed event: its (minimised) JSON while pending. {@link #HANDLED}, with the chat and the replies,
     * is what earlier versions wrote after the engine ran; such entries are still queued as they are.
     */
    public record Claimed(Object id, String status, String raw, String chatId, List<OutboxMessage> replies, int attempts,
                          long reception, String previousOwner) {
    }

    /**
     * Records an event nobody has claimed yet (handled by whichever instance resumes it first); false if
     * this id is in the journal already (a redelivery).
     */
    public boolean record(Object updateId, String raw) {
        return record(updateId, raw, null, clock.instant(), newReception());
    }

    /** A number that tells this reception of an event from any other reception of the same id. */
    public static long newReception() {
        long reception = ThreadLocalRandom.current().nextLong();
        return reception == 0 ? 1 : reception;
    }

    /**
     * Records an event, claimed by {@code owner} for the journal's lease: the one write before the
     * platform gets its 200 (the claim lasts {@link #lease()} from {@code receivedAt}; {@code reception}
     * from {@link #newReception}, to tell it from a later redelivery). False if this id
     * is in the journal already (a redelivery). A late redelivery of an event finished and deleted is recognised by
     * {@link #markSeen} instead, before anything handles it.
     */
    public boolean record(Object updateId, String raw, String owner, Instant receivedAt, long reception) {
        Instant received = receivedAt.truncatedTo(ChronoUnit.MILLIS);
        Instant leaseUntil = owner == null ? Instant.EPOCH : received.plus(lease);
        Document entry = new Document("_id", updateId).append("status", PENDING).append("raw", raw)
                .append("receivedAt", received).append("rec", reception).append("leaseUntil", leaseUntil)
                .append("attempts", 0);
        if (owner != null) {
            entry.append("owner", owner);
        }
        try {
            records.insert(entry);
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    /** How long a claim lasts. */
    public Duration lease() {
        return lease;
    }

    /**
     * Takes an event for handling (one resumed after a failure, a restart or another instance's end, or
     * one of this owner's that waited near the end of its claim), unless it is finished or being handled
     * elsewhere.
     */
    public Claimed claim(Object updateId, String owner) {
        Instant now = clock.instant();
        Document doc = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(updateId).and("status").in(PENDING, HANDLED)
                        .orOperator(Criteria.where("leaseUntil").lte(now), Criteria.where("owner").is(owner))),
                new Update().set("leaseUntil", now.plus(lease)).set("owner", owner),
                FindAndModifyOptions.options().returnNew(false), Document.class, UPDATES);
        if (doc == null) {
            return null;
        }
        // The entry as it was: whose claim this one replaces tells a reception still untouched here.
        List<OutboxMessage> replies = new ArrayList<>();
        List<?> stored = doc.get("replies", List.class);
        if (stored != null) {
            for (Object o : stored) {
                Document r = (Document) o;
                replies.add(new OutboxMessage(r.getString("key"), r.getString("kind"), r.getString("body")));
            }
        }
        Number reception = doc.get("rec", Number.class);
        return new Claimed(updateId, doc.getString("status"), doc.getString("raw"), doc.getString("chatId"), replies,
                doc.getInteger("attempts", 0), reception == null ? 0 : reception.longValue(), doc.getString("owner"));
    }

    /**
     * Notes that this reception of the event is being handled; false if its id was taken up before from
     * another reception: a late redelivery of an event handled already, not to be handled again. One
     * insert; the read only when the id is there already (a redelivery, or this reception resumed).
     */
    public boolean markSeen(Object updateId, long reception) {
        try {
            seenIds.insert(new Document("_id", updateId).append("at", clock.instant()).append("rec", reception));
            return true;
        } catch (DuplicateKeyException taken) {
            Document seen = mongo.findById(updateId, Document.class, SEEN);
            Number rec = seen == null ? null : seen.get("rec", Number.class);
            return reception != 0 && rec != null && rec.longValue() == reception;
        }
    }

    /**
     * Finished (handled, dropped as a redelivery, or given up): the content goes, the id and the outcome
     * stay for a few minutes so that a quick redelivery is refused at the door ({@link #record}); the
     * seen ids cover later ones.
     */
    public void finish(Object updateId, String status) {
        Document open = new Document("status", new Document("$in", List.of(PENDING, HANDLED)));
        if (finishes.update(updateId, open, Updates.combine(Updates.set("status", status),
                Updates.set("doneAt", Date.from(clock.instant())), Updates.unset("raw"), Updates.unset("replies"),
                Updates.unset("chatId"), Updates.unset("owner")))) {
            metrics.handled(channel, status);
        }
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
                    doc.getString("chatId"), List.of(), 0, 0, null));
        }
        return due;
    }

    /** Deletes finished entries from the hot collection and ids older than any redelivery. */
    public long prune(Duration keepDone, Duration keepSeen) {
        Instant now = clock.instant();
        long removed = mongo.remove(Query.query(Criteria.where("status").in(DONE, FAILED, DUPLICATE)
                .and("doneAt").lt(now.minus(keepDone))), UPDATES).getDeletedCount();
        removed += mongo.remove(Query.query(Criteria.where("at").lt(now.minus(keepSeen))), SEEN).getDeletedCount();
        return removed;
    }
}
