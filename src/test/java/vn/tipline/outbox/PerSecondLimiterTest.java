package vn.tipline.outbox;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PerSecondLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toMicros(1);
    private long now = 1_000_000_000L;

    @Test
    void slotsArePacedEvenlyThroughTheWindowNotHandedOutInBursts() {
        PerSecondLimiter limiter = new PerSecondLimiter(null, "test", 30, () -> now);
        long spacing = (SECOND + PerSecondLimiter.MARGIN_MICROS) / 30;
        List<Long> grants = new ArrayList<>();
        // Thirty workers asking at once are given slots a thirtieth of the window apart, not all now: what
        // reaches the platform at once, and queues on the way, is one request, not thirty.
        List<Long> slots = limiter.next(grants, 30, now);
        for (int i = 0; i < 30; i++) {
            assertThat(slots.get(i)).as("slot " + i).isEqualTo(now + i * spacing);
        }
        // The 31st is a window after the first: never 31 in any window of 1 s + margin.
        assertThat(limiter.next(grants, 1, now)).containsExactly(slots.get(0) + SECOND + PerSecondLimiter.MARGIN_MICROS);
        // Asked again after a pause longer than the spacing, the slot is now.
        now += 2 * SECOND;
        assertThat(limiter.next(grants, 1, now)).containsExactly(now);
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
     * reach 97.5% of the cap (30 in 1.025 s). Two per-instance limiters would send 60 a second between them.
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
            assertThat(perSecond).isBetween(29.2, 30.0);
        }
    }

    /**
     * A request whose answer comes late (a loaded machine, a slow way to the platform: it may have
     * arrived anywhere before its answer) holds back the send a window after it until a full second after
     * that answer, so the platform cannot count 31 in one second, whatever the way took. In memory (the
     * sole instance) and in the shared document alike; an answer in time changes nothing and costs no command.
     */
    @Test
    void aSendAnsweredLateHoldsBackTheSendAWindowLaterUntilASecondAfterTheAnswer(@TempDir Path dir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("tipline"))) {
            PerSecondLimiter.Sleeper asleep = micros -> now += micros;
            for (boolean shared : new boolean[]{false, true}) {
                PerSecondLimiter limiter = new PerSecondLimiter(new MongoTemplate(client, "tipline"), "late-" + shared, 30,
                        () -> now, asleep, shared);
                long first = limiter.acquire();
                now += 5_000;
                long before = limiter.commands();
                limiter.sent(first); // answered in time: nothing moves
                long commands = limiter.commands() - before;
                long second = limiter.acquire();
                now += 80_000;
                long answered = now;
                limiter.sent(second); // answered 80 ms after its slot
                assertThat(limiter.delayed()).as("slots moved, shared " + shared).isEqualTo(1);
                List<Long> slots = new ArrayList<>(List.of(first, second));
                while (slots.size() < 32) {
                    slots.add(limiter.acquire());
                }
                assertThat(slots.get(30) - first).as("shared " + shared).isGreaterThanOrEqualTo(SECOND + PerSecondLimiter.MARGIN_MICROS);
                assertThat(slots.get(31)).as("the send a window after the late one, shared " + shared)
                        .isGreaterThanOrEqualTo(answered + SECOND);
                if (!shared) {
                    assertThat(limiter.commands()).isZero();
                } else {
                    assertThat(commands).as("an answer in time costs no command").isZero();
                }
            }
        }
    }

    /**
     * The message is out when its answer comes: a store that fails just then, while the late answer's
     * slot is being moved, must not fail the send, or its caller would send it again.
     */
    @Test
    void aStoreFailingWhenALateAnswerComesDoesNotFailTheSend(@TempDir Path dir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir)) {
            MongoClient client = MongoClients.create(server.connectionString("tipline"));
            PerSecondLimiter limiter = new PerSecondLimiter(new MongoTemplate(client, "tipline"), "gone", 30,
                    () -> now, micros -> now += micros, true);
            long slot = limiter.acquire();
            client.close();
            now += 80_000;
            limiter.sent(slot);
            assertThat(limiter.delayed()).as("seen late, not moved").isEqualTo(1);
        }
    }

    /**
     * Workers woken late, as on a loaded machine (0 to 60 ms after their slot, at random): a worker that
     * finds its slot more than {@link PerSecondLimiter#LATE_MICROS} old takes another, so sends start
     * within that of their slot and any 31 of them still span more than a second by the rest of the
     * margin, left for the request's way to the platform. Sending at a late slot put 31 within 0.97 s.
     */
    @Test
    void aWorkerWokenLateTakesANewSlotSoSendsKeepTheMarginForTheWayToThePlatform(@TempDir Path dir) {
        Random random = new Random(19);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient a = MongoClients.create(server.connectionString("tipline"));
             MongoClient b = MongoClients.create(server.connectionString("tipline"))) {
            PerSecondLimiter.Sleeper oversleeping = micros -> now += micros + random.nextInt(60_000);
            List<PerSecondLimiter> instances = List.of(
                    new PerSecondLimiter(new MongoTemplate(a, "tipline"), "telegram", 30, () -> now, oversleeping),
                    new PerSecondLimiter(new MongoTemplate(b, "tipline"), "telegram", 30, () -> now, oversleeping));
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                instances.get(i % 2).acquire();
                sent.add(now);
                now += 1_000;
            }
            long spare = PerSecondLimiter.MARGIN_MICROS - PerSecondLimiter.LATE_MICROS;
            for (int i = 30; i < sent.size(); i++) {
                assertThat(sent.get(i) - sent.get(i - 30)).as("sends %d and %d", i - 30, i).isGreaterThanOrEqualTo(SECOND + spare);
            }
            assertThat(instances.get(0).late() + instances.get(1).late()).as("slots given up").isPositive();
        }
    }

    /**
     * Workers of two instances on real threads and the real clock: the same bound, whoever wins each
     * race. The store commands the limiter costs per send, counted at the driver, are printed: two
     * instances busy at once, then one alone.
     */
    @Test
    void concurrentWorkersOfTwoInstancesNeverPutMoreThanTheCapInAnyWindow(@TempDir Path dir) throws Exception {
        AtomicLong commands = new AtomicLong();
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.incrementAndGet();
            }
        };
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient a = counted(server, counting);
             MongoClient b = counted(server, counting)) {
            List<Long> slots = send(List.of(a, b), 4, 100);
            List<Long> sorted = slots.stream().sorted().toList();
            for (int i = 30; i < sorted.size(); i++) {
                assertThat(sorted.get(i) - sorted.get(i - 30)).isGreaterThanOrEqualTo(SECOND);
            }
            System.out.printf("LIMITER two instances, 4 workers each: %.2f store commands per send%n",
                    commands.get() / (double) slots.size());
            commands.set(0);
            List<Long> alone = send(List.of(a), 8, 100);
            System.out.printf("LIMITER one instance, 8 workers: %.2f store commands per send%n",
                    commands.get() / (double) alone.size());
            // Paced slots come one at a time, so one update each, but no read: the instance writing alone knows the document.
            assertThat(commands.get()).as("store commands for %d sends by one instance", alone.size()).isLessThanOrEqualTo(alone.size() + 2);
        }
    }

    /**
     * The only instance on its store (the embedded store, one process): the same log of slots, kept in
     * memory, holds the same bound on real threads and costs no store command (it has no store to ask).
     */
    @Test
    void theOnlyInstanceKeepsItsSlotsInMemoryUnderTheSameBound() throws Exception {
        PerSecondLimiter limiter = new PerSecondLimiter(null, "telegram", 30, false);
        List<Long> sent = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Thread thread = new Thread(() -> {
                while (sent.size() < 100) {
                    limiter.acquire();
                    sent.add(PerSecondLimiter.wallMicros());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> sorted = sent.stream().sorted().toList();
        for (int i = 30; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 30)).as("sends %d and %d", i - 30, i).isGreaterThanOrEqualTo(SECOND);
        }
        assertThat(limiter.commands()).isZero();
    }

    private static MongoClient counted(EmbeddedMongoServer server, CommandListener listener) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString("tipline")))
                .addCommandListener(listener).build());
    }

    /** {@code workers} threads per instance, each sending at the slot it was given, until {@code total} were given. */
    private static List<Long> send(List<MongoClient> clients, int workers, int total) throws InterruptedException {
        List<Long> slots = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (MongoClient client : clients) {
            PerSecondLimiter limiter = new PerSecondLimiter(new MongoTemplate(client, "tipline"), "telegram", 30, true);
            for (int w = 0; w < workers; w++) {
                Thread thread = new Thread(() -> {
                    while (slots.size() < total) {
                        limiter.acquire();
                        slots.add(PerSecondLimiter.wallMicros());
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return slots;
    }
}
