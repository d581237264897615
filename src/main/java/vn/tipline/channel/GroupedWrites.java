package vn.tipline.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes to one collection from many threads, grouped: while one command is on its way to the store,
 * the writes that arrive meanwhile wait, and the next of their callers sends them all in one command
 * (group commit, as databases do with their logs). Each caller returns only once its own write is
 * acknowledged, with its own outcome, or throws what its write alone would have thrown; one write's
 * failure is its caller's alone. No thread of its own: the callers take turns sending. Under no
 * contention it is one command per write, as without it.
 *
 * @param <T> what one caller writes
 */
abstract class GroupedWrites<T> {

    private final Object lock = new Object();
    private List<Pending<T>> queue = new ArrayList<>();
    private boolean sending;

    /** Sends {@code batch} (oldest first) and {@link Pending#finish finishes} each of its writes. */
    protected abstract void send(List<Pending<T>> batch);

    /** Writes {@code item}, possibly with others' in the same command; returns once it is acknowledged. */
    protected final Pending<T> write(T item) {
        Pending<T> mine = new Pending<>(item);
        boolean send;
        synchronized (lock) {
            queue.add(mine);
            send = !sending;
            sending = true;
        }
        if (!send) {
            mine.awaitTurnOrOutcome();
        }
        if (!mine.done) {
            // Our turn: our write is the oldest waiting, so it goes in what we send now.
            sendWaiting();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine;
    }

    /** How many writes wait for the command in flight to end (for tests). */
    int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    private void sendWaiting() {
        List<Pending<T>> batch;
        synchronized (lock) {
            batch = queue;
            queue = new ArrayList<>();
        }
        try {
            send(batch);
        } finally {
            for (Pending<T> pending : batch) {
                pending.finish(pending.failure, 0); // an Error above left some unanswered: they must not wait for ever
            }
            synchronized (lock) {
                if (queue.isEmpty()) {
                    sending = false;
                } else {
                    queue.get(0).takeTurn();
                }
            }
        }
    }

    /**
     * One caller's write: its outcome (a failure, or how many documents it changed), or its turn to send what
     * waits. Only the sending thread finishes writes and hands turns on; the caller waits parked and is woken
     * by that thread alone (an unpark per waiter: a monitor's wait and notifyAll cost the sender more than
     * the insert it made for them, bench/README.md).
     */
    static final class Pending<T> {
        final T item;
        /** Set before {@link #done}, read after it. */
        RuntimeException failure;
        long count;
        volatile boolean done;
        private volatile boolean turn;
        private final Thread caller = Thread.currentThread();

        Pending(T item) {
            this.item = item;
        }

        /** The first outcome stands. Called by the sending thread only. */
        void finish(RuntimeException failure, long count) {
            if (!done) {
                this.failure = failure;
                this.count = count;
                done = true;
                wake();
            }
        }

        void takeTurn() {
            turn = true;
            wake();
        }

        private void wake() {
            if (caller != Thread.currentThread()) {
                LockSupport.unpark(caller);
            }
        }

        /** Not interruptible: the caller may answer only once its write's fate is known. */
        void awaitTurnOrOutcome() {
            boolean interrupted = false;
            while (!done && !turn) {
                LockSupport.park(this);
                // A pending interrupt would make every park return at once: noted, cleared, and set again after.
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
