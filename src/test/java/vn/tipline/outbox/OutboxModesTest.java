package vn.tipline.outbox;

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
import vn.tipline.tip.TestReporterKeys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's two {@code isSoleInstance} shortcuts, side by side on one store as its sole instance
 * and shared by URI: sequence numbers from memory in blocks (sole) or from the store per enqueue
 * (shared), and lanes claimed before the start freed at once (sole) or left to their lease (shared).
 * The instances are built without starting their workers: only what each shortcut decides is looked at.
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
