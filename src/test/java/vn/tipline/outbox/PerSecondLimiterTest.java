package vn.tipline.outbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PerSecondLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toMicros(1);
    private long now = 1_000_000_000L;

    @Test
    void aWindowsWorthGoesAtOnceThenTheNextSlotIsWhenTheOldestLeavesTheWindow() {
        PerSecondLimiter limiter = new PerSecondLimiter(null, "test", 30, () -> now);
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.next(grants, 1, now)).as("slot " + i).containsExactly(now);
            now += 1_000;
        }
        // 30 granted at 0..29 ms: the 31st goes once the first is 1 s + margin old, the 32nd after the second.
        long first = grants.get(0);
        assertThat(limiter.next(grants, 2, now)).containsExactly(first + SECOND + PerSecondLimiter.MARGIN_MICROS,
                first + 1_000 + SECOND + PerSecondLimiter.MARGIN_MICROS);
    }

    @Test
    void aFractionalCapSpreadsItsSlots() {
        PerSecondLimiter limiter = new PerSecondLimiter(null, "test", 0.5, () -> now);
        List<Long> grants = new ArrayList<>();
        assertThat(limiter.next(grants, 2, now)).containsExactly(now, now + 2 * SECOND + PerSecondLimiter.MARGIN_MICROS);
    }

    /**
     * Two instances (each its own driver) on one store, taking turns, each sending at its slot: no
     * window of one second ever holds more than 30 of their sends together, and together they still
     * reach 99% of the cap. Two per-instance limiters would send 60 a second between them.
     */
    @Test
    void twoInstancesOnOneStoreShareOneCapAndTogetherStayWithinOnePercentOfIt(@TempDir Path dir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient a = MongoClients.create(server.connectionString("tipline"));
             MongoClient b = MongoClients.create(server.connectionString("tipline"))) {
            List<PerSecondLimiter> instances = List.of(
                    new PerSecondLimiter(new MongoTemplate(a, "tipline"), "telegram", 30, () -> now),
                    new PerSecondLimiter(new MongoTemplate(b, "tipline"), "telegram", 30, () -> now));
            List<Long> sent = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                long slot = instances.get(i % 2).reserve();
                now = Math.max(now, slot); // the worker sleeps until its slot
                sent.add(now);
                now += 1_370; // its own work before it asks again
            }
            for (int i = 30; i < sent.size(); i++) {
                assertThat(sent.get(i) - sent.get(i - 30)).as("sends %d and %d", i - 30, i).isGreaterThanOrEqualTo(SECOND);
            }
            // Sends come a window's worth at a time: from the end of the first such burst to the end of the last.
            double perSecond = (sent.size() - 30) / ((sent.get(sent.size() - 1) - sent.get(29)) / 1e6);
            assertThat(perSecond).isBetween(29.5, 30.0);
        }
    }

    /** Workers of two instances on real threads and the real clock: the same bound, whoever wins each race. */
    @Test
    void concurrentWorkersOfTwoInstancesNeverPutMoreThanTheCapInAnyWindow(@TempDir Path dir) throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient a = MongoClients.create(server.connectionString("tipline"));
             MongoClient b = MongoClients.create(server.connectionString("tipline"))) {
            List<Long> slots = new CopyOnWriteArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (MongoClient client : List.of(a, b)) {
                PerSecondLimiter limiter = new PerSecondLimiter(new MongoTemplate(client, "tipline"), "telegram", 30);
                for (int w = 0; w < 4; w++) {
                    Thread thread = new Thread(() -> {
                        while (slots.size() < 100) {
                            long slot = limiter.reserve();
                            slots.add(slot);
                            long wait = slot - PerSecondLimiter.wallMicros();
                            if (wait > 0) {
                                try {
                                    TimeUnit.MICROSECONDS.sleep(wait);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }
                    });
                    thread.start();
                    workers.add(thread);
                }
            }
            for (Thread worker : workers) {
                worker.join();
            }
            List<Long> sorted = slots.stream().sorted().toList();
                        for (int i = 30; i < sorted.size(); i++) {
                assertThat(sorted.get(i) - sorted.get(i - 30)).isGreaterThanOrEqualTo(SECOND);
            }
        }
    }
}
