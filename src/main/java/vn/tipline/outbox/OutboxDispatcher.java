package vn.tipline.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.tipline.outbox.OutboxDocuments.Done;
import vn.tipline.outbox.OutboxDocuments.Entry;
import vn.tipline.outbox.OutboxDocuments.Lane;
import vn.tipline.store.StoreLocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Delivers the outbox. A worker claims one chat's lane at a time with an atomic findAndModify (so two
 * workers, or two instances, never send to one chat at once), sends the oldest messages of that chat
 * (as many as its burst allows), records the results and releases the lane with the time its next
 * message may go. Sent messages leave the hot collection at once; only their key is kept for a while.
 * A reply may also be sent at once by its caller's thread ({@link #sendNow}), which claims the lane the
 * same way, so it never sends alongside a worker; on the sole instance, a chat whose lane has no
 * document is held in memory instead ({@link KnownLanes}), and nothing is written unless something
 * must be kept.
 * <p>
 * Which lane to claim: this instance remembers, in memory, the lanes it queued or released and when
 * each is due, and claims those by id. The embedded store answers a sorted query over all lanes by
 * reading every lane (one per recently active chat: thousands under load), so that query is only the
 * fallback, for lanes this instance does not know of (queued by another instance, or before a
 * restart): run again at once while it finds work, every {@link #SCAN_INTERVAL} (or the idle wait, if
 * shorter) while it does not, and at least that often while known lanes keep every worker busy.
 */
@Component
class OutboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration MIN_WAIT = Duration.ofMillis(20);
    static final Duration SCAN_INTERVAL = Duration.ofSeconds(1);

    private final MongoTemplate mongo;
    private final Map<String, OutboxTransport> transports = new LinkedHashMap<>();
    private final Map<String, PerSecondLimiter> limiters = new LinkedHashMap<>();
    private final OutboxProperties properties;
    private final ChatReachability reachability;
    private final ApplicationEventPublisher events;
    /** Null without one. Resolved once: looked up through its provider at every send, it cost more than the count. */
    private final MeterRegistry meters;
    private final Clock clock;
    private final boolean soleInstance;
    /** On the sole instance, which lanes have a document or a hold: an idle chat's reply then needs no claim in the store. */
    private final KnownLanes known;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    /** Numbers the immediate sends' claims, so each holds its lane under an owner of its own. */
    private final AtomicLong immediate = new AtomicLong();
    private final Object monitor = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private long generation;
    private volatile boolean running;
    /**
     * Lanes known here, by the time they are due; a lane may appear more than once (a stale entry costs
     * one read by id). Bulk lanes (broadcasts) wait in their own queue, taken only when no reply is due.
     */
    private final PriorityQueue<Hint> hints = new PriorityQueue<>();
    private final PriorityQueue<Hint> bulkHints = new PriorityQueue<>();
    /** System.nanoTime() before which the fallback scan is not run again while no lane is known to be due. */
    private volatile long nextScan;
    /** System.nanoTime() of the last fallback scan: one is run when an interval has passed, whatever is due. */
    private final AtomicLong lastScan = new AtomicLong(System.nanoTime());

    private record Hint(Instant due, String lane) implements Comparable<Hint> {
        @Override
        public int compareTo(Hint other) {
            return due.compareTo(other.due);
        }
    }

    OutboxDispatcher(MongoTemplate mongo, ObjectProvider<OutboxTransport> transports, OutboxProperties properties,
                     ChatReachability reachability, ApplicationEventPublisher events,
                     ObjectProvider<MeterRegistry> meters, Clock clock, ObjectProvider<StoreLocation> store) {
        this.mongo = mongo;
        this.soleInstance = StoreLocation.isSoleInstance(store);
        this.known = new KnownLanes(soleInstance);
        this.meters = meters.getIfAvailable();
        transports.orderedStream().forEach(t -> {
            this.transports.put(t.channel(), t);
            if (t.maxPerSecond() > 0) {
                PerSecondLimiter limiter = new PerSecondLimiter(mongo, t.channel(), t.maxPerSecond(), !soleInstance);
                limiters.put(t.channel(), limiter);
                if (this.meters != null) {
                    // Slots a loaded machine cost: given up by a worker woken late, or moved by a late answer.
                    FunctionCounter.builder("tipline.outbox.cap.slots", limiter, PerSecondLimiter::late)
                            .tag("channel", t.channel()).tag("outcome", "given_up_late").register(this.meters);
                    FunctionCounter.builder("tipline.outbox.cap.slots", limiter, PerSecondLimiter::delayed)
                            .tag("channel", t.channel()).tag("outcome", "delayed_by_late_answer").register(this.meters);
                }
            }
        });
        this.properties = properties;
        this.reachability = reachability;
        this.events = events;
        this.clock = clock;
    }

    /** Where the lanes this process created, holds or found at start are recorded; {@link Outbox} records its own there. */
    KnownLanes known() {
        return known;
    }

    /** New work may be anywhere: idle workers look at once, scanning all lanes. */
    void wake() {
        nextScan = 0;
        notifyWorkers();
    }

    /** New work was queued in this lane: idle workers claim it at once. */
    void wake(String lane, boolean bulk) {
        hint(lane, clock.instant(), bulk);
        notifyWorkers();
    }

    private void notifyWorkers() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    private void hint(String lane, Instant due, boolean bulk) {
        synchronized (hints) {
            (bulk ? bulkHints : hints).add(new Hint(due, lane));
        }
    }

    private String dueHint(Instant now) {
        synchronized (hints) {
            Hint head = hints.peek();
            if (head != null && !head.due().isAfter(now)) {
                return hints.poll().lane();
            }
            Hint bulk = bulkHints.peek();
            return bulk != null && !bulk.due().isAfter(now) ? bulkHints.poll().lane() : null;
        }
    }

    @Override
    public void start() {
        if (transports.isEmpty()) {
            return;
        }
        running = true;
        try {
            recoverLanes();
        } catch (RuntimeException e) {
            log.warn("Outbox: could not check for orphaned messages ({})", e.getClass().getSimpleName());
        }
        loadLanes();
        for (int i = 0; i < properties.workers(); i++) {
            String owner = instance + "-" + i;
            Thread thread = new Thread(() -> work(owner), "outbox-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        log.info("Outbox: {} worker(s) delivering for {}", threads.size(), transports.keySet());
    }

    @Override
    public void stop() {
        running = false;
        wake();
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
                if (thread.isAlive()) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work(String owner) {
        while (running) {
            long seen;
            synchronized (monitor) {
                seen = generation;
            }
            boolean worked;
            try {
                worked = dispatchOne(owner);
            } catch (RuntimeException e) {
                log.warn("Outbox: dispatch failed ({}); retrying", e.getClass().getSimpleName());
                worked = false;
            }
            if (!worked) {
                idle(seen);
            }
        }
    }

    private void idle(long seen) {
        Duration wait;
        try {
            wait = untilNextDue();
        } catch (RuntimeException e) {
            wait = properties.idleWait();
        }
        synchronized (monitor) {
            if (generation == seen && running) {
                try {
                    monitor.wait(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** How long until a known lane is due or the next fallback scan, at most the idle wait. */
    private Duration untilNextDue() {
        Duration wait = properties.idleWait();
        Duration toScan = Duration.ofNanos(Math.max(0, nextScan - System.nanoTime()));
        if (toScan.compareTo(wait) < 0) {
            wait = toScan;
        }
        synchronized (hints) {
            for (Hint head : new Hint[] {hints.peek(), bulkHints.peek()}) {
                if (head != null) {
                    Duration until = Duration.between(clock.instant(), head.due());
                    if (until.compareTo(wait) < 0) {
                        wait = until;
                    }
                }
            }
        }
        return wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
    }

    /**
     * Claims one due lane and sends its oldest message; false if no lane was due. Known lanes first,
     * but the fallback scan also runs when its interval is over however busy the known lanes keep the
     * workers: otherwise, while replies keep coming, a lane queued by another instance (or before a
     * restart) would wait until they stop.
     */
    boolean dispatchOne(String owner) {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        long last = lastScan.get();
        boolean overdue = nanos - last >= scanInterval().toNanos() && lastScan.compareAndSet(last, nanos);
        Lane lane = overdue ? scan(owner, now, nanos) : null;
        for (String known = lane == null ? dueHint(now) : null; known != null && lane == null; known = dueHint(now)) {
            lane = claim(Query.query(Criteria.where("_id").is(known).and("channel").in(transports.keySet())
                    .and("nextAt").lte(now).and("leaseUntil").lte(now)), owner, now);
        }
        if (lane == null && !overdue && nanos >= nextScan) {
            lastScan.set(nanos);
            lane = scan(owner, now, nanos);
        }
        if (lane == null) {
            return false;
        }
        try {
            serve(lane, owner);
        } catch (RuntimeException e) {
            log.warn("Outbox: a {} chat's queue failed ({}); retried later", lane.channel(), e.getClass().getSimpleName());
            release(lane, owner, clock.instant().plus(properties.backoffInitial()), lane.tat());
        }
        return true;
    }

    /** Queues what an immediate send left, while it still holds the chat's lane (see {@link #sendNow}). */
    interface Leftovers {
        /** {@code attempts} and {@code code}: the failed tries of the first of them, if it was tried. */
        void queue(List<OutboxMessage> messages, int attempts, String code);
    }

    /**
     * Sends a reply at once when its chat has nothing queued, is not being served and its pace allows:
     * claims the lane in one command (creating it if need be), sends what the pace allows, hands the
     * rest to {@code leftovers} while still holding the lane (so nothing queued later overtakes it),
     * and deletes the lane in one command (or releases it, if its pace is still running or something
     * was queued meanwhile). On the sole instance, a lane without a document is held in memory instead
     * of claimed, and neither command is needed unless something must be kept (see {@link #letGo}).
     * Returns how many were sent; empty, having sent nothing, if it could not claim the lane: the
     * caller queues everything. Sent messages leave no finished record.
     */
    OptionalInt sendNow(String channel, String chatId, List<OutboxMessage> messages, Leftovers leftovers) {
        OutboxTransport transport = transports.get(channel);
        if (!running || transport == null) {
            return OptionalInt.empty();
        }
        String owner = instance + "-now-" + immediate.incrementAndGet();
        Held held = hold(channel, chatId, owner);
        if (held == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(serveNow(held, transport, messages, leftovers));
        } catch (RuntimeException e) {
            try {
                letGo(held, clock.instant().plus(properties.backoffInitial()), held.lane().tat(), false);
            } catch (RuntimeException alsoFailed) {
                // The store is failing: the lane stays claimed until its lease runs out.
                e.addSuppressed(alsoFailed);
            }
            throw e;
        } finally {
            if (held.inMemory()) {
                // Let go of on every path, a dropped chat's and a failure's included (letGo has, on the others).
                known.dropHold(held.lane().id(), owner);
            }
        }
    }

    /** A lane an immediate send holds: claimed in the store, or, on the sole instance, in memory only. */
    private record Held(Lane lane, boolean inMemory) {
        String owner() {
            return lane.owner();
        }
    }

    /**
     * Holds the chat's lane for an immediate send, or null if it is busy. On the sole instance a lane
     * this process knows has no document and no hold is held in memory, without a store command: it is
     * idle (nothing queued, no claim, no pace running: a lane is kept while any of these is). Otherwise
     * it is claimed in the store ({@link #claimIdle}), under the lane's lock, as that may create it.
     */
    private Held hold(String channel, String chatId, String owner) {
        String id = Outbox.lane(channel, chatId);
        return known.locked(id, record -> {
            if (record.holder != null) {
                // Another immediate send holds it in memory: busy, as its claim in the store would make it.
                return null;
            }
            if (record.stored || !known.exact()) {
                record.stored = true;
                Lane lane = claimIdle(channel, chatId, owner);
                return lane == null ? null : new Held(lane, false);
            }
            Instant now = clock.instant();
            record.holder = owner;
            record.holdUntil = now.plus(properties.lease());
            // The lane as claimIdle would have created it.
            return new Held(new Lane(id, channel, chatId, now, record.holdUntil, owner, 0L, null, false, List.of()), true);
        });
    }

    /**
     * The chat's lane, claimed, if nothing is queued in it, nobody holds it and its pace allows a
     * message now; created if there is none. An existing lane that does not match makes the upsert
     * collide with it on its id: null, the lane is busy.
     */
    private Lane claimIdle(String channel, String chatId, String owner) {
        // Once or twice per reply: written as the store's BSON through the driver, as the template would
        // map it (its query, update and result mapping cost more than the command's own encoding).
        Date now = Date.from(clock.instant());
        Document idle = new Document("_id", Outbox.lane(channel, chatId)).append("keys", new Document("$size", 0))
                .append("leaseUntil", new Document("$lte", now)).append("nextAt", new Document("$lte", now));
        Document claim = new Document("$setOnInsert", newLane(channel, chatId, now))
                .append("$set", new Document("leaseUntil", Date.from(now.toInstant().plus(properties.lease())))
                        .append("owner", owner).append("bulk", false));
        try {
            return lane(mongo.execute(OutboxDocuments.LANES, lanes -> lanes.findOneAndUpdate(idle, claim,
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))));
        } catch (DuplicateKeyException busy) {
            return null;
        }
    }

    /** A new lane's own fields, as the immediate send's claim and its release in memory both write them. */
    private static Document newLane(String channel, String chatId, Date nextAt) {
        return new Document("channel", channel).append("chatId", chatId).append("nextAt", nextAt).append("version", 0L)
                .append("keys", List.of());
    }

    /** A lane as the driver returns it (null for none), read as the template would read it. */
    private static Lane lane(Document doc) {
        if (doc == null) {
            return null;
        }
        return new Lane(doc.getString("_id"), doc.getString("channel"), doc.getString("chatId"), instant(doc, "nextAt"),
                instant(doc, "leaseUntil"), doc.getString("owner"), ((Number) doc.get("version")).longValue(),
                instant(doc, "tat"), doc.getBoolean("bulk"), doc.getList("keys", String.class));
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /**
     * Sends what the pace allows of {@code messages} to the claimed lane's chat; returns how many were
     * sent. A failure after the first was sent (or refused for good) is thrown as
     * {@link Outbox.SentBeforeFailure}, with how many of the first were.
     */
    private int serveNow(Held held, OutboxTransport transport, List<OutboxMessage> messages, Leftovers leftovers) {
        Lane lane = held.lane();
        Instant tat = lane.tat();
        Instant nextAt = clock.instant();
        int sent = 0;
        int done = 0;
        try {
            for (int i = 0; i < messages.size(); i++) {
                OutboxMessage message = messages.get(i);
                Settled settled = attempt(transport, new QueuedMessage(message.key(), lane.channel(), lane.chatId(),
                        message.kind(), message.body(), 0), tat);
                if (settled instanceof Settled.Finished finished) {
                    tat = finished.tat();
                    nextAt = finished.nextAt();
                    sent += "sent".equals(finished.outcome()) ? 1 : 0;
                    done++;
                    continue;
                }
                List<OutboxMessage> rest = messages.subList(i, messages.size());
                if (settled instanceof Settled.Paced paced) {
                    leftovers.queue(rest, 0, null);
                    letGo(held, paced.at(), tat, false);
                } else if (settled instanceof Settled.Retry retry) {
                    leftovers.queue(rest, retry.attempts(), retry.code());
                    letGo(held, retry.nextAt(), retry.tat(), false);
                } else if (settled instanceof Settled.Dropped dropped) {
                    dropLane(lane, dropped.code(), rest.size());
                }
                return sent;
            }
            letGo(held, nextAt, tat, true);
            return sent;
        } catch (RuntimeException e) {
            if (done == 0) {
                throw e;
            }
            throw new Outbox.SentBeforeFailure(done, e);
        }
    }

    /**
     * An immediate send lets go of its lane, as a worker coming round to it would: an emptied lane whose
     * pace allows a message now is gone, any other is released with the time its next message may go.
     * Claimed in the store: deleted (unless a message queued meanwhile bumped its version) or released.
     * Held in memory: nothing to write when it would be gone; a document an enqueue created meanwhile
     * (held by this send, see {@code Outbox.touchLane}) is released; else the lane is written as the
     * store's claim and release would have left it, so the chat's pace is kept exactly as in the store.
     */
    private void letGo(Held held, Instant nextAt, Instant tat, boolean emptied) {
        Lane lane = held.lane();
        String owner = held.owner();
        boolean gone = emptied && !nextAt.isAfter(clock.instant());
        if (!held.inMemory()) {
            if (!gone || !deleteLane(lane.id(), () -> mongo.execute(OutboxDocuments.LANES, lanes -> lanes.deleteOne(
                    new Document("_id", lane.id()).append("version", lane.version()).append("owner", owner)))
                    .getDeletedCount())) {
                release(lane, owner, nextAt, tat);
            }
            return;
        }
        known.update(lane.id(), record -> {
            if (!record.owns(owner)) {
                return;
            }
            try {
                if (record.stored) {
                    release(lane, owner, nextAt, tat);
                } else if (!gone) {
                    record.stored = true;
                    Document released = new Document("_id", lane.id());
                    released.putAll(newLane(lane.channel(), lane.chatId(), Date.from(nextAt)));
                    released.append("leaseUntil", Date.from(Instant.EPOCH)).append("bulk", false);
                    if (tat != null) {
                        released.append("tat", Date.from(tat));
                    }
                    mongo.execute(OutboxDocuments.LANES, lanes -> lanes.insertOne(released));
                    hint(lane.id(), nextAt, false);
                }
            } finally {
                record.holder = null;
            }
        });
    }

    /**
     * Deletes a lane's document with {@code delete} (which returns how many it deleted), under the lane's
     * lock, so that {@link KnownLanes} never records a lane gone while an enqueue creates it again.
     */
    private boolean deleteLane(String id, LongSupplier delete) {
        return known.locked(id, record -> {
            if (delete.getAsLong() == 0) {
                return false;
            }
            record.stored = false;
            return true;
        });
    }

    /** Claims the most urgent due lane in the store: replies before broadcasts, then by due time. */
    private Lane scan(String owner, Instant now, long nanos) {
        loadLanes();
        Lane lane = claim(Query.query(Criteria.where("channel").in(transports.keySet()).and("nextAt").lte(now)
                .and("leaseUntil").lte(now)).with(Sort.by("bulk", "nextAt")), owner, now);
        // Found one: there may be more nobody here knows of, so scan again at once.
        nextScan = lane == null ? nanos + scanInterval().toNanos() : 0;
        return lane;
    }

    private Duration scanInterval() {
        return properties.idleWait().compareTo(SCAN_INTERVAL) < 0 ? properties.idleWait() : SCAN_INTERVAL;
    }

    private Lane claim(Query query, String owner, Instant now) {
        return mongo.findAndModify(query, new Update().set("leaseUntil", now.plus(properties.lease())).set("owner", owner),
                FindAndModifyOptions.options().returnNew(true), Lane.class);
    }

    /**
     * The lane's next message: by id from the lane's list of keys (a key already finished, by a worker
     * that died before releasing the lane, is dropped from the list); by a query on lanes without one.
     * An empty list is trusted: a message queued meanwhile bumps the lane's version, so the lane is not
     * deleted under it, or is created again with it. A key with a finished record is skipped, and its
     * entry removed, even when the entry is there: a replay can list a key again just after it was
     * finished, and a later replay queues that key for the moment it takes to see it finished (or leaves
     * it behind in a crash). A message is finished before its entry is removed, so the record is seen.
     */
    private Entry head(Lane lane) {
        if (lane.keys() == null) {
            return mongo.findOne(Query.query(Criteria.where("lane").is(lane.id())).with(Sort.by("seq")).limit(1),
                    Entry.class);
        }
        return next(lane, lane.keys());
    }

    /** The first of {@code keys} (the lane's, in order) still waiting, as {@link #head}. */
    private Entry next(Lane lane, List<String> keys) {
        for (String key : keys) {
            Entry entry = mongo.findById(key, Entry.class);
            if (entry != null) {
                if (mongo.findById(key, Done.class) == null) {
                    return entry;
                }
                mongo.remove(Query.query(Criteria.where("_id").is(key)), Entry.class);
            }
            mongo.updateFirst(Query.query(Criteria.where("_id").is(lane.id())), new Update().pull("keys", key), Lane.class);
        }
        return null;
    }

    /**
     * Sends the lane's next messages: as many as the chat's burst allows in this one claim (one for a
     * broadcast, so a reply waiting for a worker is not held up), then releases the lane, or deletes
     * it when it was emptied and its pace allows a message now (as it would be when coming round).
     */
    private void serve(Lane lane, String owner) {
        Entry head = head(lane);
        if (head == null) {
            if (!deleteLane(lane.id(), () -> mongo.remove(Query.query(Criteria.where("_id").is(lane.id())
                    .and("version").is(lane.version())), Lane.class).getDeletedCount())) {
                release(lane, owner, clock.instant(), lane.tat());
            }
            return;
        }
        OutboxTransport transport = transports.get(lane.channel());
        int burst = lane.keys() == null || Boolean.TRUE.equals(lane.bulk()) ? 1 : transport.chatRate(lane.chatId()).burst();
        List<String> finished = new ArrayList<>();
        Instant tat = lane.tat();
        Instant nextAt = null;
        while (head != null) {
            Settled settled = attempt(transport, new QueuedMessage(head.key(), head.channel(), head.chatId(), head.kind(),
                    head.body(), head.attempts()), tat);
            if (settled instanceof Settled.Finished done) {
                finish(head, done.outcome(), done.code());
                finished.add(head.key());
                tat = done.tat();
                nextAt = done.nextAt();
                head = finished.size() < burst && !nextAt.isAfter(clock.instant()) && leaseLeft(lane)
                        ? next(lane, lane.keys().subList(lane.keys().indexOf(head.key()) + 1, lane.keys().size())) : null;
                continue;
            }
            if (settled instanceof Settled.Paced paced) {
                release(lane, owner, paced.at(), tat, finished);
            } else if (settled instanceof Settled.Retry retry) {
                note(head, retry.attempts(), retry.code());
                release(lane, owner, retry.nextAt(), retry.tat(), finished);
            } else if (settled instanceof Settled.Dropped dropped) {
                dropLane(lane, dropped.code(), 0);
            }
            return;
        }
        boolean emptied = lane.keys() != null && lane.keys().size() == finished.size();
        if (!emptied || nextAt.isAfter(clock.instant()) || !deleteLane(lane.id(), () -> mongo.remove(Query.query(
                Criteria.where("_id").is(lane.id()).and("version").is(lane.version()).and("owner").is(owner)), Lane.class)
                .getDeletedCount())) {
            release(lane, owner, nextAt, tat, finished);
        }
    }

    /** Whether the claim has most of its lease left, for another send within it. */
    private boolean leaseLeft(Lane lane) {
        return lane.leaseUntil() != null
                && clock.instant().plus(properties.lease().dividedBy(2)).isBefore(lane.leaseUntil());
    }

    /** What one attempt came to for the chat's queue. */
    sealed interface Settled {
        /** Not sent: the chat's pace allows its next message only {@code at}. */
        record Paced(Instant at) implements Settled {
        }

        /** Sent, refused or given up: the chat's next message may go at {@code nextAt}. */
        record Finished(String outcome, String code, Instant nextAt, Instant tat) implements Settled {
        }

        /** Kept for another try at {@code nextAt}, after {@code attempts} failed ones. */
        record Retry(int attempts, String code, Instant nextAt, Instant tat) implements Settled {
        }

        /** The chat cannot be reached: everything for it is dropped. */
        record Dropped(String code) implements Settled {
        }
    }

    /**
     * One attempt at a chat's next message, the chat's pace standing at {@code laneTat}: checks that
     * pace, waits for the channel's slot, sends, and logs, counts and announces what came of it. The
     * one place that turns a platform's answer into what follows, for the workers and for
     * {@link #sendNow} alike; the caller applies it to what it holds (a queued entry, or nothing).
     */
    private Settled attempt(OutboxTransport transport, QueuedMessage message, Instant laneTat) {
        String channel = message.channel();
        ChatRate rate = transport.chatRate(message.chatId());
        Duration slack = rate.interval().multipliedBy(rate.burst() - 1L);
        Instant now = clock.instant();
        Instant tat = laneTat == null || laneTat.isBefore(now) ? now : laneTat;
        Instant allowedAt = tat.minus(slack);
        if (allowedAt.isAfter(now)) {
            return new Settled.Paced(allowedAt);
        }
        PerSecondLimiter limiter = limiters.get(channel);
        long slot = limiter == null ? 0 : limiter.acquire();
        Delivery result = deliver(transport, message);
        if (limiter != null) {
            limiter.sent(slot);
        }
        Instant after = clock.instant();
        if (result instanceof Delivery.Sent) {
            Instant nextTat = (tat.isAfter(after) ? tat : after).plus(rate.interval());
            Instant nextAt = nextTat.minus(slack);
            count(channel, "sent", "ok");
            return new Settled.Finished("sent", null, nextAt.isBefore(after) ? after : nextAt, nextTat);
        } else if (result instanceof Delivery.RetryAfter retry) {
            Instant nextAt = after.plus(retry.delay());
            log.info("Outbox: {} asked to wait {} s ({})", channel, retry.delay().toSeconds(), retry.code());
            count(channel, "throttled", retry.code());
            return new Settled.Retry(message.attempts(), retry.code(), nextAt, nextAt.plus(slack));
        } else if (result instanceof Delivery.Transient failure) {
            int attempts = message.attempts() + 1;
            if (attempts >= properties.maxAttempts()) {
                log.warn("Outbox: a {} message given up after {} attempts ({})", channel, attempts, failure.code());
                events.publishEvent(new DeliveryFailed(channel, message.chatId(), failure.code(), false, 1));
                count(channel, "failed", failure.code());
                return new Settled.Finished("failed", failure.code(), after, laneTat);
            }
            Duration backoff = backoff(attempts);
            log.info("Outbox: {} delivery failed ({}), attempt {}; next in {} ms", channel, failure.code(),
                    attempts, backoff.toMillis());
            count(channel, "retried", failure.code());
            return new Settled.Retry(attempts, failure.code(), after.plus(backoff), laneTat);
        } else if (result instanceof Delivery.Rejected rejected) {
            log.warn("Outbox: a {} message was refused ({}); dropped", channel, rejected.code());
            events.publishEvent(new DeliveryFailed(channel, message.chatId(), rejected.code(), false, 1));
            count(channel, "rejected", rejected.code());
            return new Settled.Finished("rejected", rejected.code(), after, laneTat);
        }
        return new Settled.Dropped(((Delivery.Unreachable) result).code());
    }

    private Delivery deliver(OutboxTransport transport, QueuedMessage message) {
        try {
            Delivery result = transport.deliver(message);
            return result == null ? new Delivery.Transient("no_result") : result;
        } catch (RuntimeException e) {
            return new Delivery.Transient(e.getClass().getSimpleName());
        }
    }

    Duration backoff(int attempts) {
        long initial = properties.backoffInitial().toMillis();
        long max = properties.backoffMax().toMillis();
        long exponential = attempts >= 30 ? max : Math.min(max, initial << Math.max(0, attempts - 1));
        // ±20% jitter, so chats that failed together do not retry together.
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.min(max, (long) (exponential * jitter))));
    }

    /**
     * The chat cannot be reached: mark it, drop everything queued for it, tell the listeners;
     * {@code unsent}: messages given up that were never queued (an immediate send's).
     */
    private void dropLane(Lane lane, String code, int unsent) {
        reachability.markUnreachable(lane.channel(), lane.chatId(), code);
        List<Entry> entries = mongo.find(Query.query(Criteria.where("lane").is(lane.id())), Entry.class);
        entries.forEach(e -> finish(e, "dropped", code));
        deleteLane(lane.id(), () -> mongo.remove(Query.query(Criteria.where("_id").is(lane.id())), Lane.class).getDeletedCount());
        int dropped = entries.size() + unsent;
        log.info("Outbox: a {} chat is unreachable ({}); {} message(s) dropped", lane.channel(), code, dropped);
        events.publishEvent(new DeliveryFailed(lane.channel(), lane.chatId(), code, true, dropped));
        count(lane.channel(), "unreachable", code);
    }

    /** Moves a message out of the hot collection, keeping only its key and outcome. */
    private void finish(Entry entry, String outcome, String code) {
        try {
            mongo.insert(new Done(entry.key(), entry.channel(), outcome, code, clock.instant()));
        } catch (DuplicateKeyException already) {
            // Finished before by a worker whose lease ran out: the key is kept either way.
        }
        mongo.remove(Query.query(Criteria.where("_id").is(entry.key())), Entry.class);
    }

    private void note(Entry entry, int attempts, String code) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(entry.key())),
                new Update().set("attempts", attempts).set("lastError", code), Entry.class);
    }

    private void release(Lane lane, String owner, Instant nextAt, Instant tat) {
        release(lane, owner, nextAt, tat, List.of());
    }

    /** Frees the lane for its next turn; {@code finished}: the keys of the messages it just finished. */
    private void release(Lane lane, String owner, Instant nextAt, Instant tat, List<String> finished) {
        Update update = new Update().set("leaseUntil", Instant.EPOCH).set("nextAt", nextAt).unset("owner");
        if (!finished.isEmpty()) {
            update.pullAll("keys", finished.toArray());
        }
        if (tat != null) {
            update.set("tat", tat);
        }
        if (mongo.updateFirst(Query.query(Criteria.where("_id").is(lane.id()).and("owner").is(owner)), update, Lane.class)
                .getModifiedCount() == 1) {
            hint(lane.id(), nextAt, Boolean.TRUE.equals(lane.bulk()));
        }
    }

    /** Deliveries by channel, outcome and the platform's code (e.g. telegram_429, zalo_230, timeout). */
    private void count(String channel, String outcome, String code) {
        if (meters != null) {
            meters.counter("tipline.outbox.deliveries", "channel", channel, "outcome", outcome,
                    "code", code == null ? "none" : code).increment();
        }
    }

    /**
     * Gives every queued message a lane: a crash between queueing a chat's first message and creating
     * its lane would otherwise leave the message waiting forever. On the embedded store, also frees the
     * lanes a killed predecessor held, instead of waiting out their lease.
     */
    void recoverLanes() {
        if (soleInstance) {
            long released = mongo.updateMulti(Query.query(Criteria.where("owner").exists(true)),
                    new Update().set("leaseUntil", Instant.EPOCH).unset("owner"), Lane.class).getModifiedCount();
            if (released > 0) {
                log.info("Outbox: {} chat queue(s) claimed before a crash taken back at once", released);
            }
        }
        Map<String, List<Entry>> byLane = new LinkedHashMap<>();
        mongo.find(Query.query(Criteria.where("channel").in(transports.keySet())).with(Sort.by("seq")), Entry.class)
                .forEach(e -> byLane.computeIfAbsent(e.lane(), l -> new ArrayList<>()).add(e));
        Instant now = clock.instant();
        for (List<Entry> entries : byLane.values()) {
            Entry first = entries.get(0);
            // Every waiting message is listed in its lane, whatever the crash left out.
            known.update(first.lane(), record -> {
                record.stored = true;
                mongo.upsert(Query.query(Criteria.where("_id").is(first.lane())),
                        new Update().setOnInsert("channel", first.channel()).setOnInsert("chatId", first.chatId())
                                .setOnInsert("nextAt", now).setOnInsert("leaseUntil", Instant.EPOCH)
                                .setOnInsert("version", 0L)
                                .addToSet("keys").each(entries.stream().map(Entry::key).toArray()), Lane.class);
            });
        }
    }

    /**
     * On the sole instance, records every lane in the store (a predecessor's), so that from then on a
     * lane not recorded has no document ({@link KnownLanes}). Until it succeeds, immediate sends claim
     * their lanes in the store; tried at start and again with the fallback scan. Lanes created or deleted
     * meanwhile are recorded by their own commands, so it may run while replies go out.
     */
    private void loadLanes() {
        if (!soleInstance || known.exact()) {
            return;
        }
        try {
            mongo.getCollection(OutboxDocuments.LANES).find().projection(new Document("_id", 1))
                    .forEach(lane -> known.stored(lane.getString("_id")));
            known.loaded();
        } catch (RuntimeException e) {
            log.warn("Outbox: could not read the chat queues ({}); replies claim them in the store until then",
                    e.getClass().getSimpleName());
        }
    }

    /** Forgets the keys of messages finished longer ago than the retention period. */
    @Scheduled(fixedDelayString = "${tipline.outbox.prune-interval:PT1H}", initialDelayString = "PT1M")
    void prune() {
        long removed = mongo.remove(Query.query(Criteria.where("at").lt(clock.instant().minus(properties.doneRetention()))),
                Done.class).getDeletedCount();
        if (removed > 0) {
            log.info("Outbox: forgot {} finished message key(s)", removed);
        }
    }
}
