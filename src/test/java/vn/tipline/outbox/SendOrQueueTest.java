package vn.tipline.outbox;

import org.bson.BsonMaximumSizeExceededException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.outbox.OutboxTest.Attempt;
import vn.tipline.support.StoreCommands;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Outbox#sendOrQueue}: a reply to an idle chat goes at once, without a store command on the
 * embedded store (the sole instance: the chat's lane is known idle in memory; two commands with a shared
 * MongoDB, {@link OutboxModesTest}); anything else is queued, behind what the chat had queued, and
 * delivered once. Same context as {@link OutboxTest}.
 */
@SpringBootTest(properties = {
        "tipline.outbox.workers=3",
        "tipline.outbox.backoff-initial=PT0.02S",
        "tipline.outbox.backoff-max=PT0.1S",
        "tipline.outbox.max-attempts=4",
        "tipline.outbox.idle-wait=PT0.2S"})
@ActiveProfiles("test")
@Import({OutboxTest.Scripted.class, StoreCommands.class})
class SendOrQueueTest {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxTest.Scripted transport;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ChatReachability reachability;
    @Autowired
    StoreCommands commands;

    private static String chat() {
        return UUID.randomUUID().toString();
    }

    private static List<OutboxMessage> messages(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> new OutboxMessage(prefix + ":" + i, "say", "{\"n\":" + i + "}")).toList();
    }

    private List<String> keys(String chat) {
        return transport.of(chat).stream().map(Attempt::key).toList();
    }

    private boolean laneGone(String chat) {
        return mongo.findById(Outbox.lane("test", chat), OutboxDocuments.Lane.class) == null;
    }

    private void awaitSettled(String chat) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> !outbox.hasPending("test", chat) && laneGone(chat));
    }

    /** A chat the inbound side has already asked about (it marks the chat reachable on every update). */
    private String knownChat() {
        String chat = chat();
        assertThat(reachability.isUnreachable("test", chat)).isFalse();
        return chat;
    }

    /** Store commands that mention the chat, from queueing to the lane's removal, for {@code replies} replies. */
    private int commandsFor(String chat, int replies, boolean immediately) {
        List<String> used;
        try (StoreCommands.Tally tally = commands.mentioning(chat)) {
            if (immediately) {
                outbox.sendOrQueue("test", chat, messages(chat, replies));
            } else {
                outbox.enqueue("test", chat, messages(chat, replies));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.of(chat).size() == replies);
            // The workers' cleanup of an emptied lane (the queued path, or a pace still running) comes after.
            sleep(Duration.ofMillis(1500));
            used = tally.commands();
        }
        System.out.printf("store commands, %d repl%s, %s: %d %s%n", replies, replies == 1 ? "y" : "ies",
                immediately ? "sendOrQueue" : "enqueue + dispatch", used.size(), used);
        assertThat(laneGone(chat)).as("the lane cleaned up within the wait").isTrue();
        return used.size();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoRepliesToAnIdleChatAreSentAtOnceWithoutAStoreCommand() {
        String chat = knownChat();
        int sent;
        List<String> used;
        try (StoreCommands.Tally tally = commands.mentioning(chat)) {
            sent = outbox.sendOrQueue("test", chat, messages(chat, 2));
            used = tally.commands();
        }
        System.out.println("sendOrQueue, 2 replies to a new chat: " + used.size() + " store commands " + used);
        assertThat(sent).isEqualTo(2);
        assertThat(keys(chat)).as("sent before it returned").containsExactly(chat + ":0", chat + ":1");
        // The transport of the "test" channel has no overall limit, so no limiter command either; the lane is
        // known idle here, so it is neither claimed nor deleted in the store.
        assertThat(used).as("no claim, no delete").isEmpty();
        assertThat(laneGone(chat)).isTrue();
        assertThat(mongo.count(Query.query(Criteria.where("chatId").is(chat)), OutboxDocuments.Entry.class)).isZero();
        assertThat(outbox.outcome(chat + ":0")).as("no finished record").isEmpty();
    }

    @Test
    void storeCommandsPerReplyQueuedAndSentAtOnce() {
        // The queued path: entry and finished-key check each, lane; then per message a claim, head (entry, finished
        // key), finished record, entry removal, release; and once empty another claim and the lane's removal
        // (or, for a chat with a burst, one claim for the burst and the lane's removal).
        int queued = commandsFor(knownChat(), 2, false);
        int immediate = commandsFor(knownChat(), 2, true);
        // Telegram's pace for a private chat: a burst of 3, then one a second. Three replies use the burst up,
        // so the lane is written, paced, and stays until its pace allows a message again; a worker then
        // claims and removes it.
        String paced = knownChat();
        transport.rates.put(paced, new ChatRate(Duration.ofMillis(300), 3));
        int burstUsed = commandsFor(paced, 3, true);
        String telegramLike = knownChat();
        transport.rates.put(telegramLike, new ChatRate(Duration.ofMillis(300), 3));
        int withinBurst = commandsFor(telegramLike, 2, true);
        String queuedTelegramLike = knownChat();
        transport.rates.put(queuedTelegramLike, new ChatRate(Duration.ofMillis(300), 3));
        int queuedWithinBurst = commandsFor(queuedTelegramLike, 2, false);
        System.out.printf("store commands for 2 replies: enqueue + dispatch %d, sendOrQueue %d; paced chat (burst 3): "
                + "2 replies queued %d, sent at once %d; 3 replies sent at once %d%n", queued, immediate, queuedWithinBurst,
                withinBurst, burstUsed);
        assertThat(immediate).isZero();
        assertThat(withinBurst).isZero();
        assertThat(burstUsed).isLessThanOrEqualTo(3);
        assertThat(queued).isGreaterThan(immediate);
    }

    @Test
    void aWorkerSendsUpToTheChatsBurstInOneClaim() {
        String chat = knownChat();
        transport.rates.put(chat, new ChatRate(Duration.ofMillis(300), 3));
        List<String> used;
        try (StoreCommands.Tally tally = commands.mentioning(chat)) {
            outbox.enqueue("test", chat, messages(chat, 4));
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.of(chat).size() == 3);
            used = tally.commands();
        }
        assertThat(used.stream().filter(c -> c.equals("findAndModify outbox_lanes"))).as("claims for the burst of 3: " + used)
                .hasSize(1);
        awaitSettled(chat);
        List<Attempt> sent = transport.of(chat);
        assertThat(sent).extracting(Attempt::key).containsExactly(chat + ":0", chat + ":1", chat + ":2", chat + ":3");
        assertThat(Duration.between(sent.get(0).at(), sent.get(3).at())).as("the fourth at the chat's pace")
                .isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void aReplyQueuedBehindABusyChatIsNotCheckedAgainstFinishedKeys() {
        String chat = knownChat();
        CountDownLatch gate = new CountDownLatch(1);
        transport.gates.put(chat, gate);
        try {
            outbox.enqueue("test", chat, messages(chat + ":before", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.of(chat).size() == 1);
            List<String> used;
            try (StoreCommands.Tally tally = commands.mentioning(chat)) {
                assertThat(outbox.sendOrQueue("test", chat, messages(chat + ":reply", 1))).isZero();
                used = tally.commands();
            }
            // Queued without reading its finished key: its worker reads that anyway. (Another worker may try
            // the held lane meanwhile, one more findAndModify, so the list is not compared whole.)
            assertThat(used).contains("findAndModify outbox_lanes", "insert outbox", "update outbox_lanes")
                    .doesNotContain("find outbox_done");
        } finally {
            gate.countDown();
        }
        awaitSettled(chat);
        assertThat(keys(chat)).containsExactly(chat + ":before:0", chat + ":reply:0");
    }

    @Test
    void aReplyToAChatWithAMessageQueuedGoesAfterIt() {
        // Every worker held in another chat's send: the chat's message stays queued, due and unclaimed.
        List<String> others = IntStream.range(0, 3).mapToObj(i -> chat()).toList();
        CountDownLatch gate = new CountDownLatch(1);
        others.forEach(other -> transport.gates.put(other, gate));
        String chat = knownChat();
        try {
            others.forEach(other -> outbox.enqueue("test", other, messages(other, 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> others.stream().allMatch(o -> transport.of(o).size() == 1));
            outbox.enqueue("test", chat, messages(chat + ":queued", 1));
            assertThat(outbox.sendOrQueue("test", chat, messages(chat + ":reply", 1))).isZero();
            assertThat(transport.of(chat)).as("nothing sent while the workers are held").isEmpty();
        } finally {
            gate.countDown();
        }
        awaitSettled(chat);
        assertThat(keys(chat)).containsExactly(chat + ":queued:0", chat + ":reply:0");
    }

    @Test
    void aReplyToAChatBeingServedWaitsAndAMessageQueuedDuringAnImmediateSendIsNotLost() throws Exception {
        String chat = knownChat();
        CountDownLatch gate = new CountDownLatch(1);
        transport.gates.put(chat, gate);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> immediate = pool.submit(() -> outbox.sendOrQueue("test", chat, messages(chat + ":first", 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> transport.of(chat).size() == 1);
            // While the first reply is on its way: a follow-up queued, and another reply.
            outbox.enqueue("test", chat, messages(chat + ":queued", 1));
            // The follow-up's lane is held for the send on its way (held in memory until then, on the embedded
            // store), so the workers it woke leave it alone.
            assertThat(mongo.findById(Outbox.lane("test", chat), OutboxDocuments.Lane.class).leaseUntil())
                    .as("the lane held").isAfter(Instant.now());
            sleep(Duration.ofMillis(300));
            assertThat(transport.of(chat)).as("nothing sent alongside the first").hasSize(1);
            assertThat(outbox.sendOrQueue("test", chat, messages(chat + ":second", 1))).as("queued, not sent").isZero();
            gate.countDown();
            assertThat(immediate.get()).isEqualTo(1);
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        awaitSettled(chat);
        assertThat(keys(chat)).containsExactly(chat + ":first:0", chat + ":queued:0", chat + ":second:0");
        assertThat(transport.overlapped).isFalse();
    }

    @Test
    void whatTheChatsBurstDoesNotCoverIsQueuedAndSentAtItsPace() {
        String chat = knownChat();
        transport.rates.put(chat, new ChatRate(Duration.ofMillis(300), 2));
        assertThat(outbox.sendOrQueue("test", chat, messages(chat, 3))).isEqualTo(2);
        assertThat(outbox.isQueued(chat + ":2")).isTrue();
        awaitSettled(chat);
        List<Attempt> sent = transport.of(chat);
        assertThat(sent).extracting(Attempt::key).containsExactly(chat + ":0", chat + ":1", chat + ":2");
        assertThat(Duration.between(sent.get(0).at(), sent.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void aReplyRightAfterABurstSentAtOnceWaitsForTheChatsPace() {
        // The burst of 2 used up by one reply: its pace must outlive the send, kept in the lane it leaves.
        String chat = knownChat();
        transport.rates.put(chat, new ChatRate(Duration.ofMillis(300), 2));
        assertThat(outbox.sendOrQueue("test", chat, messages(chat + ":first", 2))).isEqualTo(2);
        assertThat(laneGone(chat)).as("the lane kept for the pace").isFalse();
        assertThat(outbox.sendOrQueue("test", chat, messages(chat + ":next", 1))).as("queued, not sent").isZero();
        awaitSettled(chat);
        List<Attempt> sent = transport.of(chat);
        assertThat(sent).extracting(Attempt::key).containsExactly(chat + ":first:0", chat + ":first:1", chat + ":next:0");
        assertThat(Duration.between(sent.get(0).at(), sent.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void aRetryAfterOnAnImmediateSendQueuesTheRestWhichIsDeliveredOnce() {
        String chat = knownChat();
        transport.script(chat, new Delivery.RetryAfter(Duration.ofMillis(200), "429"));
        assertThat(outbox.sendOrQueue("test", chat, messages(chat, 2))).isZero();
        assertThat(outbox.isQueued(chat + ":0")).isTrue();
        awaitSettled(chat);
        List<Attempt> tries = transport.of(chat);
        assertThat(tries).extracting(Attempt::key).containsExactly(chat + ":0", chat + ":0", chat + ":1");
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void aServerErrorOnAnImmediateSendIsRetriedFromTheQueueCountingTheFailedTry() {
        String chat = knownChat();
        transport.script(chat, new Delivery.Transient("502"));
        assertThat(outbox.sendOrQueue("test", chat, messages(chat, 2))).isZero();
        awaitSettled(chat);
        List<Attempt> tries = transport.of(chat);
        assertThat(tries).extracting(Attempt::key).containsExactly(chat + ":0", chat + ":0", chat + ":1");
        assertThat(tries).extracting(Attempt::attempts).containsExactly(0, 1, 0);
    }

    @Test
    void aBlockedChatOnAnImmediateSendIsMarkedAndAnnouncedAndNothingIsQueued() {
        String chat = knownChat();
        transport.script(chat, new Delivery.Unreachable("blocked"));
        assertThat(outbox.sendOrQueue("test", chat, messages(chat, 2))).isZero();
        assertThat(keys(chat)).containsExactly(chat + ":0");
        assertThat(reachability.isUnreachable("test", chat)).isTrue();
        assertThat(transport.failures).anyMatch(f -> f.chatId().equals(chat) && f.chatUnreachable() && f.messages() == 2
                && f.code().equals("blocked"));
        assertThat(outbox.hasPending("test", chat)).isFalse();
        assertThat(laneGone(chat)).isTrue();
        assertThat(outbox.sendOrQueue("test", chat, messages(chat + ":later", 1))).isZero();
        assertThat(keys(chat)).hasSize(1);
    }

    @Test
    void twoThreadsReplyingToOneChatAtOnceEachHaveEveryMessageSentOnceInTheirOrder() throws Exception {
        String chat = knownChat();
        transport.slowness.put(chat, Duration.ofMillis(5));
        int rounds = 15;
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> threads = new ArrayList<>();
            for (String thread : List.of("a", "b")) {
                threads.add(pool.submit(() -> {
                    int sentAtOnce = 0;
                    for (int round = 0; round < rounds; round++) {
                        together.await();
                        sentAtOnce += outbox.sendOrQueue("test", chat, messages(chat + ":" + thread + ":" + round, 2));
                    }
                    return sentAtOnce;
                }));
            }
            int sentAtOnce = 0;
            for (Future<Integer> thread : threads) {
                sentAtOnce += thread.get();
            }
            System.out.println("two threads, " + 4 * rounds + " messages: " + sentAtOnce + " sent at once");
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> transport.of(chat).size() >= 4 * rounds && !outbox.hasPending("test", chat));
        List<String> sent = keys(chat);
        assertThat(sent).hasSize(4 * rounds).doesNotHaveDuplicates();
        for (String thread : List.of("a", "b")) {
            List<String> expected = IntStream.range(0, rounds).boxed()
                    .flatMap(r -> messages(chat + ":" + thread + ":" + r, 2).stream().map(OutboxMessage::key)).toList();
            assertThat(sent.stream().filter(k -> k.startsWith(chat + ":" + thread + ":")).toList()).as(thread)
                    .isEqualTo(expected);
        }
        assertThat(transport.overlapped).as("never two sends to the chat at once").isFalse();
    }

    @Test
    void aFailureAfterAReplyWentOutSaysHowManyDidSoTheCallersRetrySendsOnlyTheRest() {
        String chat = knownChat();
        // The second reply fails once, and then cannot be queued: the driver refuses a document over 16 MB.
        transport.script(chat, Delivery.SENT, new Delivery.Transient("502"));
        List<OutboxMessage> replies = List.of(new OutboxMessage(chat + ":0", "say", "{}"),
                new OutboxMessage(chat + ":1", "say", "{\"text\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}"));

        assertThatThrownBy(() -> outbox.sendOrQueue("test", chat, replies))
                .isInstanceOfSatisfying(Outbox.SentBeforeFailure.class, failure -> assertThat(failure.done()).isEqualTo(1))
                .hasCauseInstanceOf(BsonMaximumSizeExceededException.class);
        assertThat(keys(chat)).containsExactly(chat + ":0", chat + ":1");
        // Released, not left claimed: the chat's next reply is not held up.
        await().atMost(Duration.ofSeconds(10)).until(() -> laneGone(chat));
    }
}
