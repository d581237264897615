package vn.tipline.outbox;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.store.StoreLocation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * The durable outbound queue shared by the channels (replies, officers' follow-ups, broadcasts):
 * a message is stored before anything is sent, then delivered by {@link OutboxDispatcher} in the
 * order it was queued for its chat, paced per chat and per channel, retried on transient failures.
 * <p>
 * A reply to an update handled for the first time may skip the queue ({@link #sendOrQueue}): sent at
 * once when its chat has nothing queued, holding the chat's lane as a worker would, and queued only
 * if that is not possible or the send fails. Such a message is not stored before it is sent, so its
 * durability is the caller's: the update it answers stays open in the caller's journal until this
 * returns. The send-crash window: a crash after the platform accepted the message and before the
 * caller closed that journal entry sends it again when the update is replayed (through
 * {@link #enqueue}, which skips only keys still queued or finished here, and a message sent at once
 * leaves no finished key). A queued message has the same window between its send and its finished
 * record, with a worker that dies there; here it spans the caller's work after the send as well.
 * When the process lives on and only the store failed after a send, {@link SentBeforeFailure} tells
 * the caller how many went out, so that its retry sends only the rest.
 */
@Service
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final MongoTemplate mongo;
    private final ChatReachability reachability;
    private final OutboxDispatcher dispatcher;
    private final Clock clock;
    /**
     * On the embedded store (one process per data directory) sequence numbers are taken from the store
     * a block at a time and handed out from memory: one store command per {@link #SEQUENCE_BLOCK}
     * messages instead of one per enqueue. A restart takes a new block above every number handed out.
     * With a MongoDB URI other instances share the counter, and a block held by one would let its
     * later messages sort before another's earlier ones, so each enqueue reserves its own numbers.
     */
    private final boolean soleInstance;
    private long nextSequence;
    private long sequenceEnd;

    static final int SEQUENCE_BLOCK = 1000;

    /**
     * {@link #sendOrQueue} failed (the store, most often) after the first {@code done} of its messages
     * had been sent (or refused for good) by the platform: the caller's retry must send only the
     * others. The cause is the failure itself.
     */
    public static final class SentBeforeFailure extends RuntimeException {
        private final int done;

        public SentBeforeFailure(int done, RuntimeException cause) {
            super(done + " message(s) sent before: " + cause.getMessage(), cause);
            this.done = done;
        }

        public int done() {
            return done;
        }
    }

    Outbox(MongoTemplate mongo, ChatReachability reachability, OutboxDispatcher dispatcher, Clock clock,
           ObjectProvider<StoreLocation> store) {
        this.mongo = mongo;
        this.reachability = reachability;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.soleInstance = StoreLocation.isSoleInstance(store);
    }

    static String lane(String channel, String chatId) {
        return channel + ":" + chatId;
    }

    /**
     * Queues the messages for one chat, in order, and returns how many were newly queued: a message
     * whose key is already queued or was delivered within the retention period is skipped, and
     * nothing is queued for a chat marked unreachable. Returns once the store acknowledged the writes.
     */
    public int enqueue(String channel, String chatId, List<OutboxMessage> messages) {
        return enqueue(channel, chatId, messages, Queueing.REPLY);
    }

    /**
     * As {@link #enqueue}, for bulk messages (broadcasts): a chat with bulk messages only waits while
     * any chat with a reply is due, so a campaign never delays the answer to a citizen who writes.
     */
    public int enqueueBulk(String channel, String chatId, List<OutboxMessage> messages) {
        return enqueue(channel, chatId, messages, Queueing.BULK);
    }

    /**
     * Sends a reply at once if it can, else queues it as {@link #enqueue} does: for the replies to an
     * update handled for the first time. Sent at once when the chat has nothing queued, is not being
     * served and its pace allows, in one claim of the chat's queue and one removal: two store commands
     * for a reply of up to the chat's burst, where {@code enqueue} and a worker take some fifteen for
     * two messages; none on the embedded store, where whether the chat's queue is idle is known in memory,
     * unless its pace must be kept. Through the same transport, channel limit and outcome handling as queued
     * messages. What is not sent at once (the chat's pace
     * used up, a 429 or 5xx, the chat busy, the dispatcher stopped) is queued behind anything queued
     * for the chat before, and delivered from there. Nothing is sent or queued for an unreachable chat;
     * a chat found unreachable here is marked and announced ({@link DeliveryFailed}) as by the dispatcher.
     * <p>
     * Returns how many messages were sent at once. Those leave no finished record ({@link #outcome} does
     * not know their keys): a replayed update goes through {@link #enqueue}, and see the class comment
     * for the send-crash window. Keys are not checked against queued or finished ones here.
     *
     * @throws SentBeforeFailure when something failed after one or more had been sent
     */
    public int sendOrQueue(String channel, String chatId, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        if (reachability.isUnreachable(channel, chatId)) {
            log.info("Outbox: {} message(s) for an unreachable {} chat not sent", messages.size(), channel);
            return 0;
        }
        OptionalInt sent = dispatcher.sendNow(channel, chatId, messages,
                (rest, attempts, code) -> enqueue(channel, chatId, rest, new Queueing(false, true, true, attempts, code)));
        if (sent.isEmpty()) {
            enqueue(channel, chatId, messages, Queueing.FIRST_REPLY);
            return 0;
        }
        return sent.getAsInt();
    }

    /** Messages waiting to be sent, all channels together (kept small: see {@code BroadcastDispatcher}). */
    public long depth() {
        return mongo.estimatedCount(OutboxDocuments.Entry.class);
    }

    /**
     * How messages are queued.
     *
     * @param first     replies to an update handled for the first time ({@link #sendOrQueue}): their keys
     *                  cannot have been finished, so that is not read (the worker checks before sending anyway)
     * @param held      the caller holds the lane and hints it to the workers when it releases it
     * @param attempts  failed tries the first message has had already (an immediate send's), with its
     *                  {@code lastError}
     */
    private record Queueing(boolean bulk, boolean first, boolean held, int attempts, String lastError) {
        static final Queueing REPLY = new Queueing(false, false, false, 0, null);
        static final Queueing BULK = new Queueing(true, false, false, 0, null);
        static final Queueing FIRST_REPLY = new Queueing(false, true, false, 0, null);
    }

    private int enqueue(String channel, String chatId, List<OutboxMessage> messages, Queueing how) {
        boolean bulk = how.bulk();
        if (messages.isEmpty()) {
            return 0;
        }
        if (reachability.isUnreachable(channel, chatId)) {
            log.info("Outbox: {} message(s) for an unreachable {} chat not queued", messages.size(), channel);
            return 0;
        }
        String lane = lane(channel, chatId);
        long first = reserveSequence(messages.size());
        Instant now = clock.instant();
        int queued = 0;
        List<String> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            OutboxMessage message = messages.get(i);
            try {
                mongo.insert(new OutboxDocuments.Entry(message.key(), channel, chatId, lane, first + i, message.kind(),
                        message.body(), i == 0 ? how.attempts() : 0, i == 0 ? how.lastError() : null, now));
            } catch (DuplicateKeyException alreadyQueued) {
                // The same message queued twice (a replayed update): once is enough.
                waiting.add(message.key());
                continue;
            }
            // Finished already? Checked after the insert, not before: a sender records the outcome before
            // it removes the entry, so a message finished while this replay ran is seen here either way
            // (checked first, one finished in between was queued, and sent, a second time).
            if (!how.first() && mongo.findById(message.key(), OutboxDocuments.Done.class) != null) {
                mongo.remove(Query.query(Criteria.where("_id").is(message.key()).and("seq").is(first + i)),
                        OutboxDocuments.Entry.class);
                continue;
            }
            queued++;
            waiting.add(message.key());
        }
        if (!waiting.isEmpty()) {
            // Also for a replay that queued nothing new: a crash between queueing and recording the lane
            // may have left these out of it.
            touchLane(lane, channel, chatId, now, bulk, waiting);
            if (!how.held()) {
                dispatcher.wake(lane, bulk);
            }
        }
        return queued;
    }

    /** Whether anything is waiting for this chat. */
    public boolean hasPending(String channel, String chatId) {
        // find, not exists(): exists() is a count, an aggregation over every queued message on the embedded store.
        Query query = Query.query(Criteria.where("lane").is(lane(channel, chatId))).limit(1);
        query.fields().include("_id");
        return mongo.findOne(query, Document.class, mongo.getCollectionName(OutboxDocuments.Entry.class)) != null;
    }

    /**
     * What became of the message queued under this key: "sent", "failed", "rejected", "dropped" (the
     * chat became unreachable), or empty while it is still queued or if the key is unknown.
     */
    public java.util.Optional<String> outcome(String key) {
        OutboxDocuments.Done done = mongo.findById(key, OutboxDocuments.Done.class);
        return done == null ? java.util.Optional.empty() : java.util.Optional.of(done.outcome());
    }

    /** Whether a message with this key is waiting to be sent. */
    public boolean isQueued(String key) {
        return mongo.findById(key, OutboxDocuments.Entry.class) != null;
    }

    private long reserveSequence(int count) {
        if (!soleInstance) {
            return reserveInStore(count);
        }
        synchronized (this) {
            if (nextSequence + count > sequenceEnd) {
                int block = Math.max(SEQUENCE_BLOCK, count);
                nextSequence = reserveInStore(block);
                sequenceEnd = nextSequence + block;
            }
            long first = nextSequence;
            nextSequence += count;
            return first;
        }
    }

    /** The first of {@code count} numbers reserved in the store's counter. */
    private long reserveInStore(int count) {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is("seq")),
                new Update().inc("value", (long) count), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, OutboxDocuments.COUNTERS);
        Number value = counter == null ? null : (Number) counter.get("value");
        if (value == null) {
            throw new IllegalStateException("the outbox sequence could not be reserved");
        }
        return value.longValue() - count;
    }

    /**
     * Creates the chat's lane, or bumps its version so a worker about to delete it as empty does not. A
     * lane is bulk while it has held bulk messages only; one reply makes it a reply lane until it empties.
     * A key already queued that a worker finishes just before this adds it back stays listed: the worker
     * checks each listed key's finished record before sending (see {@code OutboxDispatcher.head}).
     * <p>
     * Under the lane's lock in {@link KnownLanes}, as it may create the document. A lane an immediate send
     * holds in memory (the sole instance) is created held by that send, as its claim in the store would
     * have left it, so no worker serves it alongside the send; the send releases it when done.
     */
    private void touchLane(String lane, String channel, String chatId, Instant now, boolean bulk, List<String> keys) {
        dispatcher.known().update(lane, record -> {
            Update update = new Update().setOnInsert("channel", channel).setOnInsert("chatId", chatId)
                    .setOnInsert("nextAt", now).inc("version", 1L).addToSet("keys").each(keys.toArray());
            boolean held = !record.stored && record.holder != null;
            if (held) {
                update.setOnInsert("leaseUntil", record.holdUntil).setOnInsert("owner", record.holder).set("bulk", false);
            } else {
                update.setOnInsert("leaseUntil", Instant.EPOCH);
                if (bulk) {
                    update.setOnInsert("bulk", true);
                } else {
                    update.set("bulk", false);
                }
            }
            record.stored = true;
            try {
                mongo.upsert(Query.query(Criteria.where("_id").is(lane)), update, OutboxDocuments.Lane.class);
            } catch (DuplicateKeyException raced) {
                // Two first messages for one chat at once: the other upsert created it; bump it now.
                mongo.upsert(Query.query(Criteria.where("_id").is(lane)), update, OutboxDocuments.Lane.class);
            }
        });
    }
}
