package vn.tipline.channel;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxMessage;
import vn.tipline.store.EmbeddedMongoServer;
import vn.tipline.support.TcpProxy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The receive path's guarantees, on the real journal over the embedded store: each event handled
 * once across a late redelivery, a crash and a second instance; failures retried, then given up. The
 * outbox is a stand-in here (its own tests deliver for real): what matters is which of its two doors
 * the replies take.
 */
class InboundPipelineTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private EmbeddedMongoServer store;
    private MongoClient client;
    private MongoTemplate mongo;
    private ThreadPoolTaskScheduler scheduler;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock();
    private final Outbox outbox = mock(Outbox.class);
    /** Times each event id was handled, over every pipeline of a test. */
    private final Map<Object, AtomicInteger> handled = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        store = EmbeddedMongoServer.start(dir);
        client = MongoClients.create(store.connectionString("t"));
        mongo = new MongoTemplate(client, "t");
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
    }

    @AfterEach
    void stop() {
        scheduler.shutdown();
        client.close();
        store.close();
    }

    private InboundJournal journal() {
        return new InboundJournal(mongo, clock, LEASE, "events", "events_seen", "test", new InboundMetrics(meters));
    }

    private InboundPipeline pipeline(InboundHandler handler, int maxAttempts) {
        InboundPipeline pipeline = new InboundPipeline("test", journal(), handler, outbox,
                new InboundPipeline.Settings(1, Duration.ofHours(1), Duration.ofHours(48), maxAttempts), clock, scheduler);
        pipeline.start();
        return pipeline;
    }

    /** Handles an event by counting it and answering its chat ("chat-1"), after {@code gate} opens. */
    private InboundHandler counting(CountDownLatch gate) {
        return new InboundHandler() {
            @Override
            public String route(String raw) {
                return "chat-1";
            }

            @Override
            public Handled handle(Object eventId, String raw) throws Exception {
                assertThat(gate.await(20, TimeUnit.SECONDS)).isTrue();
                handled.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
                return new Handled("chat-1", List.of(new OutboxMessage("reply:" + eventId, "text", "{}")));
            }
        };
    }

    private String status(Object id) {
        Document entry = mongo.findById(id, Document.class, "events");
        return entry == null ? null : entry.getString("status");
    }

    private int times(Object id) {
        AtomicInteger count = handled.get(id);
        return count == null ? 0 : count.get();
    }

    private double finished(String outcome) {
        var counter = meters.find("tipline.inbound.handled").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRedeliveryAfterTheEntryWasPrunedIsFinishedAsADuplicateWithoutBeingHandled() {
        InboundPipeline pipeline = pipeline(counting(new CountDownLatch(0)), 20);
        assertThat(pipeline.accept(1L, "{}", "chat-1")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(status(1L)));
        // Within minutes: refused at the door.
        assertThat(pipeline.accept(1L, "{}", "chat-1")).isFalse();
        // Hours later, the finished entry pruned: recorded again, recognised by its seen id.
        mongo.remove(Query.query(Criteria.where("_id").is(1L)), "events");
        assertThat(pipeline.accept(1L, "{}", "chat-1")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> "duplicate".equals(status(1L)));

        assertThat(times(1L)).isEqualTo(1);
        assertThat(finished("duplicate")).isEqualTo(1);
        verify(outbox).sendOrQueue(eq("test"), eq("chat-1"), anyList());
        pipeline.stop();
    }

    @Test
    void anEventCutShortByACrashAfterItsIdWasSeenIsResumedAndItsRepliesQueued() {
        // The crashed run recorded the event and noted its id, then died.
        InboundJournal journal = journal();
        long reception = InboundJournal.newReception();
        assertThat(journal.record(2L, "{}", "dead-instance", clock.instant(), reception)).isTrue();
        assertThat(journal.markSeen(2L, reception)).isTrue();
        clock.advance(LEASE.plusSeconds(1));

        InboundPipeline pipeline = pipeline(counting(new CountDownLatch(0)), 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(status(2L)));
        assertThat(times(2L)).isEqualTo(1);
        // They may have been sent before the crash: queued, deduplicated by key, not sent at once.
        verify(outbox).enqueue(eq("test"), eq("chat-1"), anyList());
        verify(outbox, never()).sendOrQueue(any(), any(), anyList());
        pipeline.stop();
    }

    @Test
    void anEventThatWaitedPastItsClaimIsClaimedFirstSoAnotherInstanceThatTookItUpIsNotRepeated() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        InboundPipeline busy = pipeline(counting(gate), 20);
        // One worker: event 3 holds it, event 4 waits behind it for longer than its claim lasts.
        assertThat(busy.accept(3L, "{}", "chat-1")).isTrue();
        assertThat(busy.accept(4L, "{}", "chat-1")).isTrue();
        // Event 3 is in hand (as if its claim were renewed); event 4's claim lapses while it waits.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(3L)),
                new Update().set("leaseUntil", clock.instant().plus(Duration.ofHours(1))),
                "events");
        clock.advance(LEASE.plusSeconds(1));
        InboundPipeline other = pipeline(counting(new CountDownLatch(0)), 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(status(4L)));

        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(status(3L)));
        // The busy instance's worker reached event 4 after the other had finished it: not handled again.
        // Its one worker goes on to event 4 at once: give it that moment, then count.
        Thread.sleep(500);
        assertThat(times(3L)).isEqualTo(1);
        assertThat(times(4L)).isEqualTo(1);
        busy.stop();
        other.stop();
    }

    @Test
    void aFailingEventIsRetriedAfterABackOffThenGivenUp() {
        AtomicInteger attempts = new AtomicInteger();
        InboundPipeline pipeline = pipeline(new InboundHandler() {
            @Override
            public String route(String raw) {
                return "chat-1";
            }

            @Override
            public Handled handle(Object eventId, String raw) {
                attempts.incrementAndGet();
                throw new IllegalStateException("the platform is down");
            }
        }, 2);
        assertThat(pipeline.accept(5L, "{}", "chat-1")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1
                && mongo.findById(5L, Document.class, "events").getInteger("attempts", 0) == 1);
        assertThat(status(5L)).isEqualTo("pending");

        pipeline.resume();
        assertThat(attempts.get()).as("not before its back-off").isEqualTo(1);
        clock.advance(Duration.ofSeconds(3));
        pipeline.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(status(5L)));
        assertThat(attempts.get()).isEqualTo(2);
        // Counted just after the entry's write, on the worker: it may be read in between.
        await().atMost(Duration.ofSeconds(10)).until(() -> finished("failed") == 1);
        pipeline.stop();
    }

    /** Handles every event by answering "chat-1" with two replies, counted per event like {@link #counting}. */
    private InboundHandler twoReplies() {
        return new InboundHandler() {
            @Override
            public String route(String raw) {
                return "chat-1";
            }

            @Override
            public Handled handle(Object eventId, String raw) {
                handled.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
                return new Handled("chat-1", List.of(new OutboxMessage("first:" + eventId, "text", "{}"),
                        new OutboxMessage("second:" + eventId, "text", "{}")));
            }
        };
    }

    /** The journal, through {@code mongo}, telling {@code failed} when an attempt's failure has been written (or not). */
    private InboundJournal journal(MongoTemplate mongo, CountDownLatch failed) {
        return new InboundJournal(mongo, clock, LEASE, "events", "events_seen", "test", new InboundMetrics(meters)) {
            @Override
            public void retryLater(Object updateId, String owner, Duration delay) {
                try {
                    super.retryLater(updateId, owner, delay);
                } finally {
                    failed.countDown();
                }
            }
        };
    }

    @Test
    void aStoreThatFailsOnceTheRepliesWentOutDoesNotHaveThemSentAgainWhenTheEventIsRetried() throws Exception {
        String[] hostPort = new ConnectionString(store.connectionString("t")).getHosts().get(0).split(":");
        try (TcpProxy proxy = TcpProxy.start(hostPort[0], Integer.parseInt(hostPort[1]));
             MongoClient viaProxy = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port() + "/t"))
                     .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
                     .build())) {
            CountDownLatch failed = new CountDownLatch(1);
            // Both replies sent at once; then the store goes: the journal cannot be closed.
            when(outbox.sendOrQueue(eq("test"), eq("chat-1"), anyList())).thenAnswer(call -> {
                proxy.cut();
                return 2;
            });
            InboundPipeline pipeline = new InboundPipeline("test", journal(new MongoTemplate(viaProxy, "t"), failed),
                    twoReplies(), outbox, new InboundPipeline.Settings(1, Duration.ofHours(1), Duration.ofHours(48), 20),
                    clock, scheduler);
            pipeline.start();
            assertThat(pipeline.accept(6L, "{}", "chat-1")).isTrue();
            assertThat(failed.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(status(6L)).as("still open in the journal").isEqualTo("pending");

            proxy.restore();
            clock.advance(LEASE.plusSeconds(1));
            // Again until the driver has found the store back.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                pipeline.resume();
                return "done".equals(status(6L));
            });
            assertThat(times(6L)).as("handled again: the engine's replay gives the same replies").isEqualTo(2);
            verify(outbox).sendOrQueue(eq("test"), eq("chat-1"), anyList());
            // Neither is queued again: both went out before the failure.
            verify(outbox).enqueue("test", "chat-1", List.of());
            pipeline.stop();
        }
    }

    @Test
    void aFailureAfterTheFirstReplyWentOutHasItsRetryQueueOnlyTheSecond() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        when(outbox.sendOrQueue(eq("test"), eq("chat-1"), anyList()))
                .thenThrow(new Outbox.SentBeforeFailure(1, new DataAccessResourceFailureException("the store is gone")));
        InboundPipeline pipeline = new InboundPipeline("test", journal(mongo, failed), twoReplies(), outbox,
                new InboundPipeline.Settings(1, Duration.ofHours(1), Duration.ofHours(48), 20), clock, scheduler);
        pipeline.start();
        assertThat(pipeline.accept(7L, "{}", "chat-1")).isTrue();
        assertThat(failed.await(20, TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofSeconds(3));
        pipeline.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(status(7L)));
        verify(outbox).enqueue("test", "chat-1", List.of(new OutboxMessage("second:7", "text", "{}")));
        pipeline.stop();
    }

    /** A clock tests move by hand. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
