package vn.tipline.outbox;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.StoreLocation;
import vn.tipline.store.StoreModes;
import vn.tipline.tip.ReporterKeys;
import vn.tipline.tip.TestReporterKeys;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChatReachability}'s shortcut, side by side: one scenario on the embedded store as its sole
 * instance (unmarked chats remembered, not read again) and on the same store shared by URI (every
 * question read). Both answer alike; shared, a mark another instance stores is seen at once, which
 * is why the memory is only kept where no other instance can write.
 */
class ChatReachabilityModesTest {

    private final ReporterKeys keys = TestReporterKeys.create();

    @Test
    void soleAndSharedAnswerTheSameAndOnlyTheSoleInstanceAnswersFromMemory(@TempDir Path dir) {
        try (StoreLocation sole = StoreModes.sole(dir.resolve("store"));
             StoreLocation shared = StoreModes.shared(sole, dir.resolve("shared"))) {
            assertThat(StoreLocation.isSoleInstance(StoreModes.provider(sole))).isTrue();
            assertThat(StoreLocation.isSoleInstance(StoreModes.provider(shared))).isFalse();
            long soleReads = scenario(sole, "sole");
            long sharedReads = scenario(shared, "shared");
            assertThat(soleReads).as("sole: the second and third question about a reachable chat from memory").isEqualTo(1);
            assertThat(sharedReads).as("shared: each question read").isEqualTo(3);
        }
    }

    @Test
    void sharedAMarkStoredByAnotherInstanceIsSeenAtOnce(@TempDir Path dir) {
        try (StoreLocation sole = StoreModes.sole(dir.resolve("store"));
             StoreLocation shared = StoreModes.shared(sole, dir.resolve("shared"));
             MongoClient a = MongoClients.create(sole.connectionString());
             MongoClient b = MongoClients.create(sole.connectionString())) {
            ChatReachability here = new ChatReachability(new MongoTemplate(a, "tipline"), keys, Clock.systemUTC(),
                    StoreModes.provider(shared));
            ChatReachability elsewhere = new ChatReachability(new MongoTemplate(b, "tipline"), keys, Clock.systemUTC(),
                    StoreModes.provider(shared));
            assertThat(here.isUnreachable("telegram", "42")).isFalse();
            elsewhere.markUnreachable("telegram", "42", "blocked");
            assertThat(here.isUnreachable("telegram", "42")).as("marked by the other instance").isTrue();
            elsewhere.markReachable("telegram", "42");
            assertThat(here.isUnreachable("telegram", "42")).isFalse();
        }
    }

    /** Marks and questions about two chats; returns the store reads of three questions about a reachable one. */
    private long scenario(StoreLocation location, String mode) {
        AtomicLong reads = new AtomicLong();
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    reads.incrementAndGet();
                }
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(location.connectionString()).addCommandListener(counting).build())) {
            MongoTemplate mongo = new MongoTemplate(client, "tipline");
            ChatReachability reachability = new ChatReachability(mongo, keys, Clock.systemUTC(), StoreModes.provider(location));
            String blocked = mode + "-1";
            String fine = mode + "-2";
            assertThat(reachability.isUnreachable("telegram", blocked)).as(mode).isFalse();
            reachability.markUnreachable("telegram", blocked, "blocked");
            assertThat(reachability.isUnreachable("telegram", blocked)).as(mode).isTrue();
            reachability.markReachable("telegram", blocked);
            assertThat(reachability.isUnreachable("telegram", blocked)).as(mode).isFalse();
            assertThat(mongo.findById(keys.keyFor("telegram", blocked), OutboxDocuments.Unreachable.class)).as(mode).isNull();
            reachability.markUnreachable("telegram", blocked, "blocked");
            assertThat(reachability.isUnreachable("telegram", blocked)).as(mode + ": marked again").isTrue();

            long before = reads.get();
            for (int i = 0; i < 3; i++) {
                assertThat(reachability.isUnreachable("telegram", fine)).as(mode).isFalse();
            }
            return reads.get() - before;
        }
    }
}
