package vn.tipline.channel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Grouped updates on the real embedded store through the real driver: updates that waited go in one
 * command, and each caller learns whether its own document matched, or gets the exception its update
 * alone gets.
 */
class GroupedUpdatesTest {

    @TempDir
    Path dir;

    private EmbeddedMongoServer store;
    private MongoClient client;
    private MongoTemplate mongo;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        store = EmbeddedMongoServer.start(dir);
        client = GroupedInsertsTest.recording(store,
                event -> commands.add(event.getCommandName() + " " + event.getCommand().toJson()));
        mongo = new MongoTemplate(client, "t");
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void updatesThatWaitedGoInOneCommandAndEachCallerGetsItsOwnOutcome() throws Exception {
        MongoCollection<Document> c = mongo.getCollection("c");
        for (String id : List.of("first", "open-1", "closed", "text", "open-2")) {
            c.insertOne(new Document("_id", id).append("status", id.equals("closed") ? "done" : "pending")
                    .append("n", id.equals("text") ? "not a number" : 1));
        }
        CountDownLatch firstInFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupedUpdates grouped = new GroupedUpdates(GroupedInsertsTest.heldOnFirst("updateOne", c, firstInFlight, release),
                mongo.getExceptionTranslator());
        Throwable alone = catchThrowable(() -> new GroupedUpdates(c, mongo.getExceptionTranslator())
                .update("text", new Document("status", "pending"), Updates.inc("n", 1)));
        assertThat(alone).as("a single update of a text by $inc fails").isNotNull();
        ExecutorService callers = Executors.newCachedThreadPool();
        try {
            Future<Boolean> first = callers.submit(() -> close(grouped, "first"));
            assertThat(firstInFlight.await(10, TimeUnit.SECONDS)).isTrue();
            commands.clear();
            // While the first is on its way: two that match, one that does not, one that fails, one unknown.
            List<Future<Boolean>> waiting = queued(grouped, callers, List.of("open-1", "closed", "text", "missing", "open-2"));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();

            assertThat(outcome(waiting.get(0))).isEqualTo(true);
            assertThat(outcome(waiting.get(1))).isEqualTo(false);
            assertThat(outcome(waiting.get(2))).isInstanceOf(alone.getClass());
            assertThat(outcome(waiting.get(3))).isEqualTo(false);
            assertThat(outcome(waiting.get(4))).isEqualTo(true);
            assertThat(commands).filteredOn(cmd -> cmd.startsWith("update ")).hasSize(1);
            assertThat(commands).filteredOn(cmd -> cmd.startsWith("update ")).first().asString()
                    .contains("open-1", "closed", "text", "missing", "open-2")
                    // _id at the filter's top level, where the embedded store finds it by its index (not $and: a scan)
                    .contains("\"q\": {\"_id\": \"open-1\", \"status\": \"pending\"}");
            assertThat(c.find(Filters.eq("status", "closed-now")).map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("first", "open-1", "open-2");
            assertThat(grouped.waiting()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void allMatchingOrNoneMatchingNeedsNoReadBack() throws Exception {
        MongoCollection<Document> c = mongo.getCollection("c");
        c.insertOne(new Document("_id", "first").append("status", "pending"));
        for (int i = 0; i < 3; i++) {
            c.insertOne(new Document("_id", "open-" + i).append("status", "pending"));
        }
        CountDownLatch firstInFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupedUpdates grouped = new GroupedUpdates(GroupedInsertsTest.heldOnFirst("updateOne", c, firstInFlight, release),
                mongo.getExceptionTranslator());
        ExecutorService callers = Executors.newCachedThreadPool();
        try {
            Future<Boolean> first = callers.submit(() -> close(grouped, "first"));
            assertThat(firstInFlight.await(10, TimeUnit.SECONDS)).isTrue();
            commands.clear();
            List<Future<Boolean>> waiting = queued(grouped, callers, List.of("open-0", "open-1", "open-2"));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            for (Future<Boolean> f : waiting) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(commands).hasSize(1).first().asString().startsWith("update ");
        } finally {
            callers.shutdownNow();
        }
    }

    private static boolean close(GroupedUpdates grouped, String id) {
        return grouped.update(id, new Document("status", "pending"),
                Updates.combine(Updates.set("status", "closed-now"), Updates.inc("n", 1)));
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Closes of {@code ids}, each submitted once the one before waits behind the first, in that order. */
    private static List<Future<Boolean>> queued(GroupedUpdates grouped, ExecutorService callers, List<String> ids) {
        List<Future<Boolean>> waiting = new ArrayList<>();
        for (String id : ids) {
            waiting.add(callers.submit(() -> close(grouped, id)));
            int expected = waiting.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> grouped.waiting() == expected);
        }
        return waiting;
    }

    private static Object outcome(Future<Boolean> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
