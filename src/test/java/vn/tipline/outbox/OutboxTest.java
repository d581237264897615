package vn.tipline.outbox;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.store.StoreLocation;
import vn.tipline.support.StoreCommands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against the embedded store over the real driver, with a scripted transport for a
 * channel named "test": order per chat, pacing, parallel chats, retries, give-ups, unreachable chats.
 */
@SpringBootTest(properties = {
        "tipline.outbox.workers=3",
        "tipline.outbox.backoff-initial=PT0.02S",
        "tipline.outbox.backoff-max=PT0.1S",
        "tipline.outbox.max-attempts=4",
        "tipline.outbox.idle-wait=PT0.2S"})
@ActiveProfiles("test")
@Import({OutboxTest.Scripted.class, StoreCommands.class})
class OutboxTest {

    /** One delivery attempt as the transport saw it. */
    record Attempt(String chatId, String key, int attempts, Instant at) {
    }

    /** The test configuration is itself the "test" channel's transport bean. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Scripted implements OutboxTransport {
        final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Deque<Delivery>> scripts = new ConcurrentHashMap<>();
        final Map<String, ChatRate> rates = new ConcurrentHashMap<>();
        final Map<String, Duration> slowness = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicBoolean overlapped = new AtomicBoolean();
        final List<DeliveryFailed> failures = Collections.synchronizedList(new ArrayList<>());

        @EventListener
        void on(DeliveryFailed failed) {
            failures.add(failed);
        }

        @Override
        public String channel() {
            return "test";
        }

        @Override
        public ChatRate chatRate(String chatId) {
            return rates.getOrDefault(chatId, new ChatRate(Duration.ZERO, 1));
        }

        @Override
        public double maxPerSecond() {
            return 0;
        }

        @Override
        public Delivery deliver(QueuedMessage message) {
            AtomicInteger flying = inFlight.computeIfAbsent(message.chatId(), c -> new AtomicInteger());
            if (flying.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                attempts.add(new Attempt(message.chatId(), message.key(), message.attempts(), Instant.now()));
                CountDownLatch gate = gates.get(message.chatId());
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                Duration slow = slowness.get(message.chatId());
                if (slow != null) {
                    Thread.sleep(slow.toMillis());
                }
                Deque<Delivery> script = scripts.get(message.chatId());
                Delivery next = script == null ? null : script.poll();
                return next == null ? Delivery.SENT : next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery.Transient("interrupted");
            } finally {
                flying.decrementAndGet();
            }
        }

        List<Attempt> of(String chatId) {
            synchronized (attempts) {
                return attempts.stream().filter(a -> a.chatId().equals(chatId)).toList();
            }
        }

        void script(String chatId, Delivery... results) {
            scripts.put(chatId, new ArrayDeque<>(List.of(results)));
        }
    }

    @Autowired
    Outbox outbox;
    @Autowired
    Scripted transport;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ChatReachability reachability;
    @Autowired
    vn.tipline.tip.ReporterKeys keys;
    @Autowired
    OutboxDispatcher dispatcher;

    private static String chat() {
        return UUID.randomUUID().toString();
    }

    private static List<OutboxMessage> messages(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> new OutboxMessage(prefix + ":" + i, "say", "{\"n\":" + i + "}")).toList();
    }

    private void awaitDrained(String chat) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> !outbox.hasPending("test", chat));
    }

    private long storedCounter() {
        Document counter = mongo.findById("seq", Document.class, OutboxDocuments.COUNTERS);
        return counter == null ? 0 : ((Number) counter.get("value")).longValue();
    }

    private List<String> keys(String chat) {
        return transport.of(chat).stream().map(Attempt::key).toList();
    }

    @Test
    void messagesForOneChatAreDeliveredInTheOrderTheyWereQueued() {
        String chat = chat();
        outbox.enqueue("test", chat, messages(chat + ":a", 4));
        outbox.enqueue("test", chat, messages(chat + ":b", 4));
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":a:0", chat + ":a:1", chat + ":a:2", chat + ":a:3",
                chat + ":b:0", chat + ":b:1", chat + ":b:2", chat + ":b:3");
    }

    @Test
    void aSlowChatDoesNotHoldUpOthersAndNoChatIsSentToTwiceAtOnce() {
        String slow = chat();
        String fast = chat();
        transport.slowness.put(slow, Duration.ofMillis(150));
        outbox.enqueue("test", slow, messages(slow, 3));
        outbox.enqueue("test", fast, messages(fast, 3));
        awaitDrained(fast);
        assertThat(transport.of(slow)).hasSizeLessThan(3);
        awaitDrained(slow);
        assertThat(keys(slow)).hasSize(3);
        assertThat(transport.overlapped).isFalse();
    }

    @Test
    void aChatIsPacedAtItsRateAfterAShortBurst() {
        String chat = chat();
        transport.rates.put(chat, new ChatRate(Duration.ofMillis(100), 2));
        outbox.enqueue("test", chat, messages(chat, 5));
        awaitDrained(chat);
        List<Attempt> sent = transport.of(chat);
        assertThat(sent).hasSize(5);
        // Two back to back, then one per interval on average: message i goes no earlier than i - 1 intervals after the first.
        for (int i = 2; i < 5; i++) {
            assertThat(Duration.between(sent.get(0).at(), sent.get(i).at())).as("message " + i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100L * (i - 1) - 10));
        }
    }

    @Test
    void aReplyOvertakesABroadcastAlreadyQueuedForManyChats() {
        List<String> subscribers = IntStream.range(0, 30).mapToObj(i -> chat()).toList();
        CountDownLatch gate = new CountDownLatch(1);
        subscribers.forEach(s -> transport.gates.put(s, gate));
        subscribers.forEach(s -> outbox.enqueueBulk("test", s, messages(s + ":campaign", 1)));
        // Each of the three workers is now held inside one campaign message.
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.inFlight.values().stream().mapToInt(AtomicInteger::get).sum() == 3);
        String citizen = chat();
        outbox.enqueue("test", citizen, messages(citizen + ":reply", 1));
        gate.countDown();
        awaitDrained(citizen);
        subscribers.forEach(this::awaitDrained);
        List<String> order;
        synchronized (transport.attempts) {
            order = transport.attempts.stream().map(Attempt::chatId)
                    .filter(c -> c.equals(citizen) || subscribers.contains(c)).toList();
        }
        // Queued last, sent next: the three campaign messages already in flight went before it, and at most
        // one each from the two other workers, which claimed their next lane while the first claimed the reply.
        assertThat(order).hasSize(31);
        assertThat(order.indexOf(citizen)).isBetween(3, 5);
    }

    @Test
    void aKeyIsQueuedOnceEvenAfterItsMessageWasSent() {
        String chat = chat();
        List<OutboxMessage> reply = messages(chat, 2);
        assertThat(outbox.enqueue("test", chat, reply)).isEqualTo(2);
        assertThat(outbox.enqueue("test", chat, reply)).isZero();
        awaitDrained(chat);
        assertThat(outbox.enqueue("test", chat, reply)).isZero();
        assertThat(keys(chat)).hasSize(2);
    }

    @Test
    void aKeyListedAgainAfterItWasSentIsNotSentAgainWhenALaterReplayQueuesItForAMoment() {
        String chat = chat();
        String key = chat + ":0";
        outbox.enqueue("test", chat, messages(chat, 1));
        awaitDrained(chat);
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.findById(Outbox.lane("test", chat), OutboxDocuments.Lane.class) == null);
        // A replay that found the key still queued lists it again just after the worker sent it and took it off
        // the list; a later replay queues the key once more and has not yet seen it finished (or died there).
        mongo.upsert(Query.query(Criteria.where("_id").is(Outbox.lane("test", chat))),
                new org.springframework.data.mongodb.core.query.Update().set("channel", "test").set("chatId", chat)
                        .set("nextAt", Instant.EPOCH).set("leaseUntil", Instant.EPOCH).set("version", 1L)
                        .set("keys", List.of(key)), OutboxDocuments.Lane.class);
        mongo.insert(new OutboxDocuments.Entry(key, "test", chat, Outbox.lane("test", chat), Long.MAX_VALUE - 9, "say", "{}",
                0, null, Instant.now()));
        dispatcher.wake(Outbox.lane("test", chat), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.findById(Outbox.lane("test", chat), OutboxDocuments.Lane.class) == null);
        assertThat(keys(chat)).containsExactly(key);
        assertThat(mongo.findById(key, OutboxDocuments.Entry.class)).as("the leftover entry removed").isNull();
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndLaterMessagesWait() {
        String chat = chat();
        transport.script(chat, new Delivery.Transient("502"), new Delivery.Transient("timeout"));
        outbox.enqueue("test", chat, messages(chat, 2));
        awaitDrained(chat);
        List<Attempt> tries = transport.of(chat);
        assertThat(tries).extracting(Attempt::key).containsExactly(chat + ":0", chat + ":0", chat + ":0", chat + ":1");
        assertThat(tries).extracting(Attempt::attempts).containsExactly(0, 1, 2, 0);
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(15));
    }

    @Test
    void aMessageIsGivenUpAfterTheMaximumAttemptsAndTheChatGoesOn() {
        String chat = chat();
        transport.script(chat, new Delivery.Transient("500"), new Delivery.Transient("500"),
                new Delivery.Transient("500"), new Delivery.Transient("500"));
        outbox.enqueue("test", chat, messages(chat, 2));
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":0", chat + ":0", chat + ":0", chat + ":0", chat + ":1");
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.failures.stream()
                .anyMatch(f -> f.chatId().equals(chat) && !f.chatUnreachable() && f.code().equals("500")));
    }

    @Test
    void aRetryAfterPausesOnlyThatChat() {
        String throttled = chat();
        String other = chat();
        transport.script(throttled, new Delivery.RetryAfter(Duration.ofMillis(300), "429"));
        outbox.enqueue("test", throttled, messages(throttled, 1));
        outbox.enqueue("test", other, messages(other, 1));
        awaitDrained(other);
        awaitDrained(throttled);
        List<Attempt> tries = transport.of(throttled);
        assertThat(tries).hasSize(2);
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(transport.of(other).get(0).at()).isBefore(tries.get(1).at());
    }

    @Test
    void anUnreachableChatIsDroppedWholeMarkedAndAnnounced() {
        String chat = chat();
        transport.script(chat, new Delivery.Unreachable("blocked"));
        outbox.enqueue("test", chat, messages(chat, 3));
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":0");
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.failures.stream()
                .anyMatch(f -> f.chatId().equals(chat) && f.chatUnreachable() && f.messages() == 3));
        assertThat(reachability.isUnreachable("test", chat)).isTrue();
        assertThat(outbox.enqueue("test", chat, messages(chat + ":later", 1))).isZero();
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is("test:" + chat)), OutboxDocuments.LANES)).isFalse();

        reachability.markReachable("test", chat);
        assertThat(outbox.enqueue("test", chat, messages(chat + ":back", 1))).isEqualTo(1);
        awaitDrained(chat);
        assertThat(keys(chat)).endsWith(chat + ":back:0");
    }

    @Test
    void onTheEmbeddedStoreAChatKnownToBeReachableIsNotReadAgainButEveryMarkMadeHereCounts() {
        String chat = chat();
        assertThat(reachability.isUnreachable("test", chat)).isFalse();
        // A mark written behind its back (as another instance would: not possible on the embedded store) is not
        // read: the answer came from memory.
        mongo.save(new OutboxDocuments.Unreachable(keys.keyFor("test", chat), "test", "elsewhere", Instant.now()));
        assertThat(reachability.isUnreachable("test", chat)).isFalse();
        mongo.remove(Query.query(Criteria.where("_id").is(keys.keyFor("test", chat))), OutboxDocuments.Unreachable.class);

        reachability.markUnreachable("test", chat, "blocked");
        assertThat(reachability.isUnreachable("test", chat)).isTrue();
        assertThat(outbox.enqueue("test", chat, messages(chat, 1))).isZero();
        reachability.markReachable("test", chat);
        assertThat(reachability.isUnreachable("test", chat)).isFalse();
        assertThat(mongo.findById(keys.keyFor("test", chat), OutboxDocuments.Unreachable.class)).isNull();
    }

    @Test
    void aChatMarkedUnreachableAgainWhileItsOldMarkIsBeingClearedStaysMarked(@Autowired MongoDatabaseFactory factory,
                                                                             @Autowired MongoConverter converter,
                                                                             @Autowired ObjectProvider<StoreLocation> store) {
        String chat = chat();
        String key = keys.keyFor("test", chat);
        Instant blockedAgain = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        // Right after the old mark is read, a send fails and marks the chat again (another thread, or instance).
        MongoTemplate racing = new MongoTemplate(factory, converter) {
            @Override
            public <T> T findById(Object id, Class<T> type) {
                T found = super.findById(id, type);
                if (type == OutboxDocuments.Unreachable.class && found != null) {
                    mongo.save(new OutboxDocuments.Unreachable(key, "test", "blocked_again", blockedAgain));
                }
                return found;
            }
        };
        ChatReachability reading = new ChatReachability(racing, keys, Clock.systemUTC(), store);
        mongo.save(new OutboxDocuments.Unreachable(key, "test", "blocked", Instant.now().minusSeconds(60)));

        reading.markReachable("test", chat);

        OutboxDocuments.Unreachable mark = mongo.findById(key, OutboxDocuments.Unreachable.class);
        assertThat(mark).as("the newer mark").isNotNull();
        assertThat(mark.code()).isEqualTo("blocked_again");
        mongo.remove(Query.query(Criteria.where("_id").is(key)), OutboxDocuments.Unreachable.class);
    }

    @Test
    void sequenceNumbersComeFromMemoryInBlocksThatTheStoredCounterStaysAbove() {
        String chat = chat();
        CountDownLatch gate = new CountDownLatch(1);
        transport.gates.put(chat, gate);
        try {
            long before = storedCounter();
            outbox.enqueue("test", chat, messages(chat + ":a", 2));
            outbox.enqueue("test", chat, messages(chat + ":b", 2));
            assertThat(storedCounter() - before).as("a block taken, or none").isIn(0L, (long) Outbox.SEQUENCE_BLOCK);
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.inFlight.containsKey(chat)
                    && transport.inFlight.get(chat).get() == 1);
            List<Long> seqs = mongo.find(Query.query(Criteria.where("chatId").is(chat)), OutboxDocuments.Entry.class).stream()
                    .sorted(java.util.Comparator.comparing(OutboxDocuments.Entry::key)).map(OutboxDocuments.Entry::seq).toList();
            assertThat(seqs).hasSize(4);
            assertThat(seqs).as("in the order queued").isSorted().doesNotHaveDuplicates();
            // A restart takes its next block from the counter, which is already past every number handed out.
            assertThat(storedCounter()).isGreaterThan(java.util.Collections.max(seqs));
        } finally {
            gate.countDown();
        }
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":a:0", chat + ":a:1", chat + ":b:0", chat + ":b:1");
    }

    @Test
    void aRejectedMessageIsDroppedAndTheNextOneGoes() {
        String chat = chat();
        transport.script(chat, new Delivery.Rejected("bad_request"));
        outbox.enqueue("test", chat, messages(chat, 2));
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":0", chat + ":1");
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.failures.stream()
                .anyMatch(f -> f.chatId().equals(chat) && f.code().equals("bad_request")));
    }

    @Test
    void finishedMessagesLeaveTheHotCollectionsKeepingOnlyTheirKeys() {
        String chat = chat();
        outbox.enqueue("test", chat, messages(chat, 3));
        awaitDrained(chat);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !mongo.exists(Query.query(Criteria.where("_id").is("test:" + chat)), OutboxDocuments.LANES));
        assertThat(mongo.count(Query.query(Criteria.where("chatId").is(chat)), OutboxDocuments.ENTRIES)).isZero();
        Document done = mongo.findById(chat + ":0", Document.class, OutboxDocuments.DONE);
        assertThat(done).isNotNull();
        assertThat(done.getString("outcome")).isEqualTo("sent");
        assertThat(done.toJson()).doesNotContain("\"chatId\"", "\"body\"");
    }

    @Test
    void aLaneNoWorkerHereWasToldOfIsFoundWhileKnownLanesKeepEveryWorkerBusy() {
        // Twice as many busy chats as workers: a worker that releases one always finds another due.
        List<String> busy = IntStream.range(0, 6).mapToObj(i -> chat()).toList();
        busy.forEach(chat -> transport.slowness.put(chat, Duration.ofMillis(25)));
        busy.forEach(chat -> outbox.enqueue("test", chat, messages(chat, 60)));
        // Queued by another instance (or before a restart): in the store, never hinted here.
        String stranger = chat();
        String lane = Outbox.lane("test", stranger);
        mongo.insert(new OutboxDocuments.Entry(stranger + ":0", "test", stranger, lane, Long.MAX_VALUE - 9, "say", "{}", 0,
                null, Instant.now()));
        mongo.insert(new OutboxDocuments.Lane(lane, "test", stranger, Instant.now(), Instant.EPOCH, null, 0, null, false,
                List.of(stranger + ":0")));
        awaitDrained(stranger);
        Instant sent = transport.of(stranger).get(0).at();
        long busySentBefore = busy.stream().flatMap(chat -> transport.of(chat).stream()).filter(a -> a.at().isBefore(sent)).count();
        assertThat(busySentBefore).as("busy messages sent before the stranger's (of 360)").isLessThan(180);
        busy.forEach(this::awaitDrained);
    }

    @Test
    void aMessageLeftWithoutItsLaneByACrashIsRecovered() {
        String chat = chat();
        mongo.insert(new OutboxDocuments.Entry(chat + ":orphan", "test", chat, Outbox.lane("test", chat), Long.MAX_VALUE - 5,
                "say", "{}", 0, null, Instant.now()));
        dispatcher.recoverLanes();
        dispatcher.wake();
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":orphan");
    }

    @Test
    void aReplayedEnqueueListsAMessageTheLaneLostInACrashAndItIsSentOnce() {
        String chat = chat();
        // Queued, then the process died before the lane recorded it.
        mongo.insert(new OutboxDocuments.Entry(chat + ":lost:0", "test", chat, Outbox.lane("test", chat), Long.MAX_VALUE - 7,
                "say", "{}", 0, null, Instant.now()));
        // The platform redelivers the update; the same reply is queued again.
        assertThat(outbox.enqueue("test", chat, messages(chat + ":lost", 1))).as("nothing new").isZero();
        awaitDrained(chat);
        assertThat(keys(chat)).containsExactly(chat + ":lost:0");
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.findById(Outbox.lane("test", chat), OutboxDocuments.Lane.class) == null);
        assertThat(keys(chat)).as("and only once").hasSize(1);
    }
}
