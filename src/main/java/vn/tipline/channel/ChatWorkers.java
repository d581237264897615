package vn.tipline.channel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread workers for a channel's inbound events: one chat always goes to the same worker,
 * so its events are handled in order; different chats run in parallel. An event already waiting
 * is not queued twice.
 */
public final class ChatWorkers {

    private final String name;
    private final int count;
    private final Set<Object> waiting = ConcurrentHashMap.newKeySet();
    private ExecutorService[] workers = new ExecutorService[0];
    private volatile boolean running;

    public ChatWorkers(String name, int count) {
        this.name = name;
        this.count = Math.max(1, count);
    }

    public boolean running() {
        return running;
    }

    /** Runs {@code task} on the worker of {@code route}, unless the event {@code key} is already waiting. */
    public void submit(Object key, String route, Runnable task) {
        if (!running || !waiting.add(key)) {
            return;
        }
        try {
            workers[Math.floorMod(route.hashCode(), workers.length)].execute(() -> {
                try {
                    task.run();
                } finally {
                    waiting.remove(key);
                }
            });
        } catch (RejectedExecutionException stopping) {
            waiting.remove(key);
        }
    }

    public void start() {
        workers = new ExecutorService[count];
        for (int i = 0; i < workers.length; i++) {
            String threadName = name + "-" + i;
            workers[i] = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, threadName);
                thread.setDaemon(true);
                return thread;
            });
        }
        running = true;
    }

    /** Stops taking work and lets the events in hand finish (they are journaled: the rest resume later). */
    public void stop() {
        running = false;
        for (ExecutorService worker : workers) {
            worker.shutdown();
        }
        for (ExecutorService worker : workers) {
            try {
                if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
