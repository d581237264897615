package vn.tipline.channel;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Grouped inserts on the real embedded store through the real driver: documents that waited go in one
 * command, and each caller gets its own document's outcome, a duplicate key as a single insert gives it.
 */
class GroupedInsertsTest {

    @TempDir
    Path dir;

    private EmbeddedMongoServer store;
    private MongoClient client;
    private MongoTemplate mongo;
    private final List<String> inserts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        store = EmbeddedMongoServer.start(dir);
        client = recording(store, event -> {
            if (event.getCommandName().equals("insert")) {
                inserts.add(event.getCommand().toJson());
            }
        });
        mongo = new MongoTemplate(client, "t");
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void documentsThatWaitedGoInOneInsertAndABadOneFailsOnlyItsCaller() throws Exception {
        mongo.getCollection("c").insertOne(new Document("_id", "taken"));
        CountDownLatch firstInFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupedInserts grouped = new GroupedInserts(heldOnFirst("insertOne", mongo.getCollection("c"), firstInFlight, release),
                mongo.getExceptionTranslator());
        ExecutorService callers = Executors.newCachedThreadPool();
        try {
            Future<?> first = callers.submit(() -> grouped.insert(new Document("_id", "first")));
            assertThat(firstInFlight.await(10, TimeUnit.SECONDS)).isTrue();
            inserts.clear();
            // While the first is on its way: a good one, one whose id is taken, two of one new id, another good one.
            List<Future<?>> waiting = new ArrayList<>();
            for (String id : List.of("good-1", "taken", "twice", "twice", "good-2")) {
                waiting.add(callers.submit(() -> grouped.insert(new Document("_id", id).append("v", 1))));
                int expected = waiting.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> grouped.waiting() == expected);
            }
            release.countDown();
            first.get(10, TimeUnit.SECONDS);

            assertThat(outcome(waiting.get(0))).isNull();
            assertThat(outcome(waiting.get(1))).isInstanceOf(DuplicateKeyException.class);
            // The same id twice in one group: the first recorded, the second told it is a duplicate.
            assertThat(outcome(waiting.get(2))).isNull();
            assertThat(outcome(waiting.get(3))).isInstanceOf(DuplicateKeyException.class);
            assertThat(outcome(waiting.get(4))).isNull();
            assertThat(inserts).hasSize(1);
            assertThat(inserts.get(0)).contains("good-1", "taken", "twice", "good-2");
            assertThat(mongo.getCollection("c").countDocuments()).isEqualTo(5); // taken, first, good-1, twice, good-2
            assertThat(mongo.getCollection("c").find(new Document("_id", "taken")).first()).doesNotContainKey("v");
            assertThat(grouped.waiting()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void concurrentRecordsOfOneEventIdRecordItOnce() throws Exception {
        InboundJournal journal = new InboundJournal(mongo, Clock.systemUTC(), Duration.ofMinutes(2), "events",
                "events_seen", "test", new InboundMetrics(new SimpleMeterRegistry()));
        int threads = 16;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            for (long id = 1; id <= 50; id++) {
                long eventId = id;
                CyclicBarrier together = new CyclicBarrier(threads);
                List<CompletableFuture<Boolean>> records = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    records.add(CompletableFuture.supplyAsync(() -> {
                        together(together);
                        return journal.record(eventId, "{}", "me", Instant.now(), InboundJournal.newReception());
                    }, callers));
                }
                assertThat(records.stream().map(CompletableFuture::join).filter(Boolean::booleanValue).count())
                        .as("event %d recorded once", eventId).isEqualTo(1);
            }
            // And taken up for handling once, whatever reception of it came first.
            long reception = InboundJournal.newReception();
            assertThat(journal.markSeen(7L, reception)).isTrue();
            assertThat(journal.markSeen(7L, reception)).isTrue(); // the same reception, resumed
            assertThat(journal.markSeen(7L, InboundJournal.newReception())).isFalse();
            assertThat(mongo.getCollection("events").countDocuments()).isEqualTo(50);
            assertThat(inserts.size()).as("some records went grouped").isLessThan(50 * threads);
        } finally {
            callers.shutdownNow();
        }
    }

    private static void together(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable outcome(Future<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** A client of {@code store} that shows {@code seen} every command it sends. */
    static MongoClient recording(EmbeddedMongoServer store, Consumer<CommandStartedEvent> seen) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.connectionString("t")))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        seen.accept(event);
                    }
                }).build());
    }

    /**
     * The real collection, except that the first call of {@code held} (insertOne, updateOne) waits, once
     * sent on its way, for {@code release}.
     */
    @SuppressWarnings("unchecked")
    static MongoCollection<Document> heldOnFirst(String held, MongoCollection<Document> real, CountDownLatch inFlight,
                                                 CountDownLatch release) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(GroupedInsertsTest.class.getClassLoader(),
                new Class<?>[]{MongoCollection.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(real, args);
                        if (method.getName().equals(held) && inFlight.getCount() > 0) {
                            inFlight.countDown();
                            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
