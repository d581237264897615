package vn.tipline.outbox;

import org.bson.Document;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A channel's overall sending cap, shared by every instance on the store: at most {@code n} sends in
 * any window of {@code n / perSecond} seconds plus a small safety margin, {@code n} being the cap
 * rounded up (Telegram: 30 sends in any 1.01 s, per bot, however many instances send for it). The
 * window is what the platforms enforce; the margin absorbs the few milliseconds between a slot's time
 * and the request reaching the platform, so a campaign runs within about 1% of the cap without being
 * refused.
 * <p>
 * The last {@code n} slots handed out live in one document per channel ({@code outbox_rates}). An
 * instance reserves the next slots (now, or when the oldest of the last {@code n} leaves the window)
 * with a conditional update on the document's version, a few at a time when several of its workers
 * wait, and its workers send at their slot's time. A slot is recorded when reserved, not when used:
 * a slot left unused (a worker that died, demand that fell) only lowers the rate for a moment, and
 * one found stale here is dropped rather than sent late, which would bunch sends together. Times are
 * wall-clock microseconds: instances on several hosts need their clocks in step (NTP) to well within
 * the margin, or draw the odd 429, which the outbox waits out.
 */
final class PerSecondLimiter {

    static final String COLLECTION = "outbox_rates";
    /** Slack between an instance's clock and the platform's arrival times. */
    static final long MARGIN_MICROS = 10_000L;
    /** Slots reserved at once at most: one store update serves that many sends when workers queue up. */
    static final int BATCH = 4;

    private final MongoTemplate mongo;
    private final String id;
    private final int n;
    private final long windowMicros;
    private final LongSupplier micros;
    private final Deque<Long> reserved = new ArrayDeque<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private boolean created;

    PerSecondLimiter(MongoTemplate mongo, String channel, double perSecond) {
        this(mongo, channel, perSecond, PerSecondLimiter::wallMicros);
    }

    PerSecondLimiter(MongoTemplate mongo, String channel, double perSecond, LongSupplier micros) {
        this.mongo = mongo;
        this.id = channel;
        this.n = (int) Math.max(1, Math.ceil(perSecond));
        this.windowMicros = (long) (n / perSecond * 1e6) + MARGIN_MICROS;
        this.micros = micros;
    }

    static long wallMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** The wall-clock time (epoch microseconds) at which the caller may send: now, or later. */
    long reserve() {
        waiting.incrementAndGet();
        try {
            synchronized (this) {
                long now = micros.getAsLong();
                for (Long slot = reserved.pollFirst(); slot != null; slot = reserved.pollFirst()) {
                    if (slot >= now - MARGIN_MICROS / 2) {
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

    /** Takes {@code count} slots in the shared document; retried when another instance took some meanwhile. */
    private List<Long> reserveInStore(int count) {
        if (!created) {
            // By id alone: two instances creating it at once never conflict.
            mongo.upsert(Query.query(Criteria.where("_id").is(id)),
                    new Update().setOnInsert("grants", List.of()).setOnInsert("version", 0L), COLLECTION);
            created = true;
        }
        while (true) {
            Document doc = mongo.findById(id, Document.class, COLLECTION);
            long version = doc == null ? 0 : ((Number) doc.get("version")).longValue();
            List<Long> grants = new ArrayList<>();
            if (doc != null && doc.get("grants") != null) {
                doc.getList("grants", Number.class).forEach(g -> grants.add(g.longValue()));
            }
            List<Long> taken = next(grants, count, micros.getAsLong());
            List<Long> kept = grants.subList(Math.max(0, grants.size() - n), grants.size());
            if (mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("version").is(version)),
                    new Update().set("grants", new ArrayList<>(kept)).set("version", version + 1), COLLECTION)
                    .getModifiedCount() == 1) {
                return taken;
            }
            if (doc == null) {
                created = false;
            }
        }
    }

    /**
     * Appends the next {@code count} slots to {@code grants} (ascending) and returns them: each is
     * {@code now}, or later when {@code n} slots already fall in the window before it.
     */
    List<Long> next(List<Long> grants, int count, long now) {
        List<Long> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long slot = grants.size() < n ? now : Math.max(now, grants.get(grants.size() - n) + windowMicros);
            grants.add(slot);
            taken.add(slot);
        }
        return taken;
    }
}
