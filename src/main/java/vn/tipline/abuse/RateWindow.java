package vn.tipline.abuse;

import java.util.ArrayDeque;

/**
 * At most {@code limit} events in any {@code window}: the times of the events still inside it,
 * oldest first (so memory follows what is actually happening, not the limit). Not thread-safe.
 */
final class RateWindow {

    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /** 0 if one more event fits at {@code now}; otherwise how many milliseconds until one does. */
    long wait(long now, int limit, long window) {
        forgetBefore(now - window);
        return times.size() < limit ? 0 : times.peekFirst() + window - now;
    }

    void count(long now) {
        times.addLast(now);
    }

    /** Nothing left inside the window ending at {@code now}: the window can be dropped. */
    boolean idle(long now, long window) {
        forgetBefore(now - window);
        return times.isEmpty();
    }

    private void forgetBefore(long since) {
        while (!times.isEmpty() && times.peekFirst() <= since) {
            times.removeFirst();
        }
    }
}
