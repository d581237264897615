package vn.tipline.abuse;

import java.util.ArrayDeque;

/**
 * At most {@code limit} events in any {@code window}: the times of the events still inside it, oldest
 * first (so memory follows what is actually happening, not the limit). Used by the web chat's limits
 * and the sign-in throttle. Not thread-safe.
 */
public final class RateWindow {

    private final ArrayDeque<Long> times = new ArrayDeque<>();

    /** 0 if one more event fits at {@code now}; otherwise how many milliseconds until one does. */
    public long wait(long now, int limit, long window) {
        forgetBefore(now - window);
        int over = times.size() - limit;
        if (over < 0) {
            return 0;
        }
        // More than the limit may be counted (a caller that counts what it could not refuse): one
        // more fits once the oldest over + 1 have left the window.
        return times.stream().skip(over).findFirst().orElseThrow() + window - now;
    }

    public void count(long now) {
        times.addLast(now);
    }

    /** Nothing left inside the window ending at {@code now}: the window can be dropped. */
    public boolean idle(long now, long window) {
        forgetBefore(now - window);
        return times.isEmpty();
    }

    private void forgetBefore(long since) {
        while (!times.isEmpty() && times.peekFirst() <= since) {
            times.removeFirst();
        }
    }
}
