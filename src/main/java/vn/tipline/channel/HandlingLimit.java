package vn.tipline.channel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How many of a channel's workers handle events at once: all of them while events arrive at a walk,
 * only as many as there are cores while they pour in. During a burst the cores are what the webhook
 * needs to record and acknowledge each event quickly (the platform waits for that, and redelivers
 * what it does not get); workers past that only take the cores from it, since they spend most of
 * their time waiting on the store and the platform. The backlog is handled at full width once the
 * burst is over. Measured in bench/README.md (issue 18): 16 workers handling during a burst halved
 * what the webhook accepted.
 */
final class HandlingLimit {

    /** Arrivals in one window that make a burst: 20 in 100 ms, 200 a second. */
    static final int BURST = 20;
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int all;
    private final int duringBurst;
    private final LongSupplier nanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private int active;
    private long window;
    private int arrivedInWindow;
    private int arrivedInPrevious;

    HandlingLimit(int all, int duringBurst, LongSupplier nanos) {
        this.all = Math.max(1, all);
        this.duringBurst = Math.max(1, Math.min(this.all, duringBurst));
        this.nanos = nanos;
    }

    /** All workers, or as many as this machine has cores (at least two) during a burst. */
    static HandlingLimit forWorkers(int workers) {
        return new HandlingLimit(workers, Math.max(2, Runtime.getRuntime().availableProcessors()), System::nanoTime);
    }

    /** An event arrived at the door. */
    void arrived() {
        lock.lock();
        try {
            roll();
            arrivedInWindow++;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until this worker may handle; {@link #release} after. */
    void acquire() {
        lock.lock();
        try {
            boolean interrupted = false;
            while (active >= limit()) {
                try {
                    // Timed: a burst ends by the clock, not by a release.
                    freed.await(WINDOW_NANOS, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            active++;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            active--;
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** How many may handle at once now. */
    int limit() {
        lock.lock();
        try {
            roll();
            return arrivedInWindow >= BURST || arrivedInPrevious >= BURST ? duringBurst : all;
        } finally {
            lock.unlock();
        }
    }

    private void roll() {
        long now = nanos.getAsLong() / WINDOW_NANOS;
        if (now != window) {
            arrivedInPrevious = now == window + 1 ? arrivedInWindow : 0;
            arrivedInWindow = 0;
            window = now;
        }
    }
}
