package vn.tipline.outbox;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.tipline.store.StoreLocation;
import vn.tipline.store.StoreModes;
import vn.tipline.support.StoreCommands;
import vn.tipline.tip.TestReporterKeys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's {@code isSoleInstance} shortcuts, side by side on one store as its sole instance
 * and shared by URI: sequence numbers from memory in blocks (sole) or from the store per enqueue
 * (shared), lanes claimed before the start freed at once (sole) or left to their lease (shared), and an
 * idle chat's reply sent without claiming its lane in the store (sole) or with it (shared). The instances
 * are built without starting their workers, except to send: only what each shortcut decides is looked at.
 */
class OutboxModesTest {

    /** Sole: one instance numbers from a block in memory. Shared: two instances alternate, and a chat's order holds. */
    @Test
    void aChatsMessagesKeepTheOrderTheyWereQueuedInWhetherOneInstanceOrTwoQueueThem(@TempDir Path dir) {
        try (StoreLocation sole = StoreModes.sole(dir.resolve("store"));
             StoreLocation shared = StoreModes.shared(sole, dir.resolve("shared"));
             MongoClient a = MongoClients.create(sole.connectionString());
             MongoClient b = MongoClients.create(sole.connectionString())) {
            MongoTemplate mongo = new MongoTemplate(a, "tipline");
            Outbox alone = outbox(mongo, sole);
            assertThat(queueInTurn("sole-chat", List.of(alone, alone), mongo)).as("sole").isSorted();
            // The counter in the store stays past every number handed out, ready for a restart.
            assertThat(counter(mongo)).isGreaterThanOrEqualTo(Outbox.SEQUENCE_BLOCK);

            List<Outbox> two = List.of(outbox(mongo, shared), outbox(new MongoTemplate(b, "tipline"), shared));
            assertThat(queueInTurn("shared-chat", two, mongo)).as("shared, two instances in turn").isSorted();
        }
    }

    /** Sole: a lane claimed at start is a killed predecessor's, freed at once. Shared: it may be another instance's. */
    @Test
    void aLaneClaimedBeforeTheStartIsFreedAtOnceOnlyWhenThisIsTheSoleInstance(@TempDir Path dir) {
        try (StoreLocation sole = StoreModes.sole(dir.resolve("store"));
             StoreLocation shared = StoreModes.shared(sole, dir.resolve("shared"));
             MongoClient client = MongoClients.create(sole.connectionString())) {
            MongoTemplate mongo = new MongoTemplate(client, "tipline");
            Instant leased = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
            mongo.insert(new OutboxDocuments.Lane("test:1", "test", "1", Instant.now(), leased, "other", 1, null, null, List.of()));

            dispatcher(mongo, shared).recoverLanes();
            OutboxDocuments.Lane kept = mongo.findById("test:1", OutboxDocuments.Lane.class);
            assertThat(kept.owner()).as("shared: another instance's claim stands").isEqualTo("other");
            assertThat(kept.leaseUntil()).isEqualTo(leased);

            dispatcher(mongo, sole).recoverLanes();
            OutboxDocuments.Lane freed = mongo.findById("test:1", OutboxDocuments.Lane.class);
            assertThat(freed.owner()).as("sole: a dead predecessor's claim is freed").isNull();
            assertThat(freed.leaseUntil()).isEqualTo(Instant.EPOCH);
        }
    }

    /**
     * Sole: a reply to an idle chat takes no store command (its lane is known idle in memory). Shared: the
     * lane is claimed and deleted in the store. Either way, a lane in the store before the start (its pace
     * still running, as a predecessor left it) is not taken for idle: that reply is queued.
     */
    @Test
    void anIdleChatsReplyNeedsNoStoreCommandOnlyOnTheSoleInstanceAndALaneFromBeforeTheStartIsNeverIdle(@TempDir Path dir) {
        StoreCommands commands = new StoreCommands();
        try (StoreLocation sole = StoreModes.sole(dir.resolve("store"));
             StoreLocation shared = StoreModes.shared(sole, dir.resolve("shared"));
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(sole.connectionString()).addCommandListener(commands).build())) {
            MongoTemplate mongo = new MongoTemplate(client, "tipline");
            Instant later = Instant.now().plus(1, ChronoUnit.MINUTES);
            for (String chat : List.of("paced-sole", "paced-shared")) {
                mongo.insert(new OutboxDocuments.Lane(Outbox.lane("test", chat), "test", chat, later, Instant.EPOCH, null, 0,
                        later, false, List.of()));
            }
            assertThat(reply(mongo, sole, commands, "idle-sole", "paced-sole")).as("sole").isEmpty();
            assertThat(reply(mongo, shared, commands, "idle-shared", "paced-shared")).as("shared")
                    .containsExactly("findAndModify outbox_lanes", "delete outbox_lanes");
        }
    }

    /**
     * Starts an outbox on {@code location}, replies once to {@code idle} (sent at once) and once to {@code paced}
     * (queued, not sent), and returns the store commands that mentioned the idle chat.
     */
    private static List<String> reply(MongoTemplate mongo, StoreLocation location, StoreCommands commands, String idle,
                                      String paced) {
        List<String> sentTo = new CopyOnWriteArrayList<>();
        OutboxTransport transport = new OutboxTransport() {
            @Override
            public String channel() {
                return "test";
            }

            @Override
            public ChatRate chatRate(String chatId) {
                return new ChatRate(Duration.ZERO, 1);
            }

            @Override
            public double maxPerSecond() {
                return 0;
            }

            @Override
            public Delivery deliver(QueuedMessage message) {
                sentTo.add(message.chatId());
                return Delivery.SENT;
            }
        };
        ChatReachability reachability = new ChatReachability(mongo, TestReporterKeys.create(), Clock.systemUTC(),
                StoreModes.provider(location));
        OutboxDispatcher dispatcher = new OutboxDispatcher(mongo,
                new StaticListableBeanFactory(Map.of("transport", transport)).getBeanProvider(OutboxTransport.class),
                new OutboxProperties(1, null, null, null, 0, Duration.ofMillis(200), null), reachability, event -> { },
                new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class), Clock.systemUTC(),
                StoreModes.provider(location));
        Outbox outbox = new Outbox(mongo, reachability, dispatcher, Clock.systemUTC(), StoreModes.provider(location));
        dispatcher.start();
        try {
            // Asked once before, as the inbound side does for every update: not counted.
            reachability.isUnreachable("test", idle);
            List<String> used;
            try (StoreCommands.Tally tally = commands.mentioning(idle)) {
                assertThat(outbox.sendOrQueue("test", idle, List.of(new OutboxMessage(idle + ":0", "say", "{}")))).isOne();
                used = tally.commands();
            }
            assertThat(outbox.sendOrQueue("test", paced, List.of(new OutboxMessage(paced + ":0", "say", "{}"))))
                    .as("a lane paced before the start: queued").isZero();
            assertThat(sentTo).containsExactly(idle);
            assertThat(outbox.isQueued(paced + ":0")).isTrue();
            return used;
        } finally {
            dispatcher.stop();
        }
    }

    /** Queues two messages at a time for one chat through each outbox in turn; returns their numbers in queueing order. */
    private static List<Long> queueInTurn(String chat, List<Outbox> outboxes, MongoTemplate mongo) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<OutboxMessage> messages = List.of(new OutboxMessage(chat + ":" + i + ":a", "send", "{}"),
                    new OutboxMessage(chat + ":" + i + ":b", "send", "{}"));
            outboxes.get(i % outboxes.size()).enqueue("test", chat, messages);
            messages.forEach(m -> keys.add(m.key()));
        }
        List<OutboxDocuments.Entry> entries = mongo.find(Query.query(Criteria.where("chatId").is(chat)).with(Sort.by("seq")),
                OutboxDocuments.Entry.class);
        assertThat(entries).extracting(OutboxDocuments.Entry::key).as("by number: the order queued").containsExactlyElementsOf(keys);
        return entries.stream().map(OutboxDocuments.Entry::seq).toList();
    }

    private static long counter(MongoTemplate mongo) {
        return ((Number) mongo.getCollection(OutboxDocuments.COUNTERS).find().first().get("value")).longValue();
    }

    private static Outbox outbox(MongoTemplate mongo, StoreLocation location) {
        ChatReachability reachability = new ChatReachability(mongo, TestReporterKeys.create(), Clock.systemUTC(),
                StoreModes.provider(location));
        return new Outbox(mongo, reachability, dispatcher(mongo, location), Clock.systemUTC(), StoreModes.provider(location));
    }

    /** A dispatcher whose workers are not started; its only channel, "test", has no transport. */
    private static OutboxDispatcher dispatcher(MongoTemplate mongo, StoreLocation location) {
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        return new OutboxDispatcher(mongo, none.getBeanProvider(OutboxTransport.class), null, null,
                null, none.getBeanProvider(MeterRegistry.class), Clock.systemUTC(), StoreModes.provider(location));
    }
}
