package vn.tipline.outbox;

/**
 * A token bucket shared by the workers of one instance: at most {@code perSecond} messages per second on
 * average, with a burst of one second's worth. {@link #reserve()} takes a slot and says how long to wait
 * for it, so callers queue fairly instead of polling.
 */
final class PerSecondLimiter {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    PerSecondLimiter(double perSecond) {
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, perSecond);
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /** Takes one slot; returns the nanoseconds to wait before using it (0: now). */
    synchronized long reserve() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
