package vn.tipline.outbox;

import java.util.function.LongSupplier;

/**
 * A channel's overall sending cap, shared by the workers of one instance: at most {@code n} sends in
 * any window of {@code n / perSecond} seconds plus a small safety margin, {@code n} being the cap
 * rounded up (Telegram: 30 sends in any 1.01 s). The window is what the platforms enforce; the margin
 * absorbs the few milliseconds between a grant here and the request reaching the platform, so a
 * campaign runs within about 1% of the cap without being refused. Grants are recorded when they are
 * made, so a worker that was slow to wake never makes the next ones bunch up.
 */
final class PerSecondLimiter {

    /** Slack between this instance's clock and the platform's arrival times. */
    static final long MARGIN_NANOS = 10_000_000L;

    private final long[] grants;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private int next;
    private int used;

    PerSecondLimiter(double perSecond) {
        this(perSecond, System::nanoTime);
    }

    PerSecondLimiter(double perSecond, LongSupplier nanoTime) {
        int n = (int) Math.max(1, Math.ceil(perSecond));
        this.grants = new long[n];
        this.windowNanos = (long) (n / perSecond * 1e9) + MARGIN_NANOS;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes a slot if one is free now and returns 0; otherwise takes nothing and returns the
     * nanoseconds until one frees (call again then: another worker may have taken it meanwhile).
     */
    synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        if (used == grants.length) {
            long oldest = grants[next];
            long free = oldest + windowNanos - now;
            if (free > 0) {
                return free;
            }
        } else {
            used++;
        }
        grants[next] = now;
        next = (next + 1) % grants.length;
        return 0;
    }
}
