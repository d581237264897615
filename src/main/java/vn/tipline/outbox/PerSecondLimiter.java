package vn.tipline.outbox;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A channel's overall sending cap, shared by every instance on the store: at most {@code n} sends in
 * any window of {@code n / perSecond} seconds plus a safety margin, {@code n} being the cap rounded up
 * (Telegram: 30 sends in any 1.025 s, per bot, however many instances send for it), and paced: one slot
 * every {@code n}th of that window (34 ms for Telegram), never a window's worth at once. A burst of
 * thirty requests queues on the way (the HTTP client, the platform's front): the last arrive tens of
 * milliseconds after their slot, next to the following window's first, and the platform counts 31.
 * <p>
 * The last {@code n} slots handed out live in one document per channel ({@code outbox_rates}) when
 * several instances may send (a shared MongoDB), in memory when only this one can (the embedded store). An
 * instance reserves the next slots (now, or when the oldest of the last {@code n} leaves the window)
 * with a conditional update on the document's version, a few at a time when several of its workers
 * wait, and its workers send at their slot's time. A slot is recorded when reserved, not when used:
 * a slot left unused (a worker that died, demand that fell) only lowers the rate for a moment.
 * <p>
 * What the platform counts is when each request arrives, so the slots alone are not enough: a worker
 * woken late (a loaded machine: 185 ms was seen) sends among the next window's slots. A worker that
 * finds its slot more than {@link #LATE_MICROS} old gives it up and takes another, so a send starts
 * within that of its slot; the margin covers that plus the request's own way to the platform (the
 * rest of the margin: 15 ms). Measured at a fake Bot API on a machine at load 20, the way from slot to
 * arrival was 4 ms at the median, 28 ms at p90, 200 ms at worst: with a 10 ms margin and no lateness
 * check, 34 requests arrived within one second. Times are wall-clock microseconds: instances on several
 * hosts need their clocks in step (NTP) to well within the margin, or draw the odd 429, which the
 * outbox waits out.
 */
final class PerSecondLimiter {

    private static final Logger log = LoggerFactory.getLogger(PerSecondLimiter.class);

    static final String COLLECTION = "outbox_rates";
    /** Slack between a slot and the platform's arrival time: {@link #LATE_MICROS}, then the request's way. */
    static final long MARGIN_MICROS = 25_000L;
    /** How old a slot may be when its worker gets to send; older, the worker takes a new one. */
    static final long LATE_MICROS = 10_000L;
    /** Slots reserved at once at most: one store update serves that many sends when workers queue up. */
    static final int BATCH = 4;

    private final MongoTemplate mongo;
    private final String id;
    private final int n;
    private final long windowMicros;
    /** The least time between two slots: the window shared out evenly, so sends are paced, not sent in bursts. */
    private final long spacingMicros;
    private final LongSupplier micros;
    private final Sleeper sleeper;
    private final Deque<Long> reserved = new ArrayDeque<>();
    private final boolean shared;
    /** The last {@code n} slots handed out, when this instance is the only one ({@code shared} false). */
    private final List<Long> local = new ArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private boolean created;
    /** The channel's document as this instance last wrote it. */
    private Document known;
    /** Whether no other instance wrote the document since {@link #known}, as far as this one knows: then it is not read. */
    private boolean alone;
    /** Store commands issued and slots given up as late, for tests and the figures in bench/README.md. */
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();

    /** Waits a number of microseconds; tests pass one that moves their clock. */
    interface Sleeper {
        void sleep(long micros) throws InterruptedException;
    }

    /**
     * {@code shared}: other instances may send for the same bot (a store several can open), so the slots
     * live in the store; otherwise (the embedded store, one process) the same log is kept in memory, where
     * it is exact and costs no store command.
     */
    PerSecondLimiter(MongoTemplate mongo, String channel, double perSecond, boolean shared) {
        this(mongo, channel, perSecond, PerSecondLimiter::wallMicros, TimeUnit.MICROSECONDS::sleep, shared);
    }

    PerSecondLimiter(MongoTemplate mongo, String channel, double perSecond, LongSupplier micros) {
        this(mongo, channel, perSecond, micros, TimeUnit.MICROSECONDS::sleep, true);
    }

    PerSecondLimiter(MongoTemplate mongo, String channel, double perSecond, LongSupplier micros, Sleeper sleeper) {
        this(mongo, channel, perSecond, micros, sleeper, true);
    }

    PerSecondLimiter(MongoTemplate mongo, String channel, double perSecond, LongSupplier micros, Sleeper sleeper,
                     boolean shared) {
        this.shared = shared;
        this.mongo = mongo;
        this.sleeper = sleeper;
        this.id = channel;
        this.n = (int) Math.max(1, Math.ceil(perSecond));
        this.windowMicros = (long) (n / perSecond * 1e6) + MARGIN_MICROS;
        this.spacingMicros = windowMicros / n;
        this.micros = micros;
    }

    static long wallMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /**
     * Returns when the caller may send, with its slot (pass it to {@link #sent} once answered): at the
     * slot, or within {@link #LATE_MICROS} of it. A slot found older than that on waking is given up (it
     * stays counted, so the rate only dips) and another taken.
     */
    long acquire() {
        try {
            while (true) {
                long slot = reserve();
                long wait = slot - micros.getAsLong();
                if (wait > 0) {
                    sleeper.sleep(wait);
                }
                if (micros.getAsLong() - slot <= LATE_MICROS) {
                    return slot;
                }
                late.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Called when the request sent at {@code slot} has its answer (or failed). Its answer came after the
     * platform counted it, so if that was later than the margin allows, the slot is moved to the answer's
     * time less the margin: the send a window after it waits until a full second after the answer, and
     * the platform cannot count the two in one second, however long the way was. Costs nothing on time;
     * a late answer costs one conditional update of the shared document (or none, in memory). Never
     * throws: the message is out, and a store that fails here costs at worst a 429 later, which the
     * outbox waits out, where a failure would have its sender's caller send the message again.
     */
    void sent(long slot) {
        try {
            holdBack(slot);
        } catch (RuntimeException storeFailed) {
            log.debug("Outbox: a late answer's slot not moved ({})", storeFailed.getClass().getSimpleName());
        }
    }

    private void holdBack(long slot) {
        long latest = micros.getAsLong() - MARGIN_MICROS;
        if (slot <= 0 || latest <= slot) {
            return;
        }
        delayed.incrementAndGet();
        synchronized (this) {
            if (!shared) {
                int at = local.lastIndexOf(slot);
                if (at >= 0) {
                    local.set(at, Math.max(local.get(at), latest));
                }
                return;
            }
            changeGrants(grants -> {
                int at = grants.lastIndexOf(slot);
                if (at < 0) {
                    return Optional.empty(); // out of the window already: nothing left to hold back
                }
                grants.set(at, Math.max(grants.get(at), latest));
                return Optional.of(at);
            });
        }
    }

    /** The wall-clock time (epoch microseconds) at which the caller may send: now, or later. */
    long reserve() {
        waiting.incrementAndGet();
        try {
            synchronized (this) {
                long now = micros.getAsLong();
                for (Long slot = reserved.pollFirst(); slot != null; slot = reserved.pollFirst()) {
                    if (slot >= now - LATE_MICROS) {
                        return slot;
                    }
                }
                List<Long> slots = reserveInStore(Math.min(BATCH, Math.max(1, waiting.get())));
                reserved.addAll(slots.subList(1, slots.size()));
                return slots.get(0);
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /**
     * Takes {@code count} slots in the shared document. While no other instance writes it, one
     * conditional update on the version this instance wrote last; once another does, a read first
     * (two commands), until a read finds this instance's own version again.
     */
    private List<Long> reserveInStore(int count) {
        if (!shared) {
            // The only instance sending for this bot: the slots it handed out are all there are.
            List<Long> taken = next(local, count, micros.getAsLong());
            local.subList(0, Math.max(0, local.size() - n)).clear();
            return taken;
        }
        if (!created) {
            // By id alone: two instances creating it at once never conflict.
            commands.incrementAndGet();
            mongo.upsert(Query.query(Criteria.where("_id").is(id)),
                    new Update().setOnInsert("grants", List.of()).setOnInsert("version", 0L), COLLECTION);
            created = true;
        }
        return changeGrants(grants -> Optional.of(next(grants, count, micros.getAsLong())));
    }

    /**
     * Applies {@code change} to the shared document's slots and writes them back, conditional on the
     * version read (not read first while no other instance wrote it), until no other instance wrote
     * between; an empty result from {@code change} means nothing to write.
     */
    private <T> T changeGrants(Function<List<Long>, Optional<T>> change) {
        while (true) {
            Document doc = alone ? known : null;
            if (doc == null) {
                commands.incrementAndGet();
                doc = mongo.findById(id, Document.class, COLLECTION);
                alone = known != null && doc != null && doc.get("version").equals(known.get("version"));
            }
            long version = doc == null ? 0 : ((Number) doc.get("version")).longValue();
            List<Long> grants = new ArrayList<>();
            if (doc != null && doc.get("grants") != null) {
                doc.getList("grants", Number.class).forEach(g -> grants.add(g.longValue()));
            }
            Optional<T> result = change.apply(grants);
            if (result.isEmpty()) {
                return null;
            }
            List<Long> kept = new ArrayList<>(grants.subList(Math.max(0, grants.size() - n), grants.size()));
            commands.incrementAndGet();
            if (mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("version").is(version)),
                    new Update().set("grants", kept).set("version", version + 1), COLLECTION)
                    .getModifiedCount() == 1) {
                known = new Document("_id", id).append("grants", kept).append("version", version + 1);
                return result.get();
            }
            alone = false;
            if (doc == null) {
                created = false;
            }
        }
    }

    long commands() {
        return commands.get();
    }

    long late() {
        return late.get();
    }

    /** Slots moved later because their request's answer came after the margin ({@link #sent}). */
    long delayed() {
        return delayed.get();
    }

    /**
     * Appends the next {@code count} slots to {@code grants} (ascending) and returns them: each is
     * {@code now}, or later: at least a window's {@code n}th part after the slot before it (paced), and
     * never with {@code n} slots already in the window before it.
     */
    List<Long> next(List<Long> grants, int count, long now) {
        List<Long> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long slot = grants.isEmpty() ? now : Math.max(now, grants.get(grants.size() - 1) + spacingMicros);
            if (grants.size() >= n) {
                slot = Math.max(slot, grants.get(grants.size() - n) + windowMicros);
            }
            grants.add(slot);
            taken.add(slot);
        }
        return taken;
    }
}
