package vn.tipline.broadcast;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.StoreLocation;
import vn.tipline.store.StoreModes;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BroadcastDispatcher#takeBackOrphanedBuckets}'s shortcut, side by side. A bucket claimed, with
 * its lease still running, is found at start. On the embedded store, its sole instance, the claimant
 * can only be a killed predecessor: the bucket is freed at once. On a shared store it may be another
 * instance at work: it is left alone, and taken over only when its lease runs out.
 */
class OrphanedBucketsModesTest {

    @Test
    void aBucketClaimedBeforeTheStartIsFreedAtOnceOnlyWhenThisIsTheSoleInstance(@TempDir Path dir) {
        try (StoreLocation sole = StoreModes.sole(dir.resolve("store"));
             StoreLocation shared = StoreModes.shared(sole, dir.resolve("shared"));
             MongoClient client = MongoClients.create(sole.connectionString())) {
            MongoTemplate mongo = new MongoTemplate(client, "tipline");
            Instant leased = Instant.now().plus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

            mongo.insert(claimed("shared", leased));
            dispatcher(mongo, shared).takeBackOrphanedBuckets();
            BroadcastDispatcher.Bucket kept = mongo.findById("shared:0", BroadcastDispatcher.Bucket.class);
            assertThat(kept.owner()).as("shared: another instance's claim stands").isEqualTo("bc-other");
            assertThat(kept.leaseUntil()).isEqualTo(leased);

            mongo.insert(claimed("sole", leased));
            dispatcher(mongo, sole).takeBackOrphanedBuckets();
            BroadcastDispatcher.Bucket freed = mongo.findById("sole:0", BroadcastDispatcher.Bucket.class);
            assertThat(freed.owner()).as("sole: a dead predecessor's claim is freed").isNull();
            assertThat(freed.leaseUntil()).isEqualTo(Instant.EPOCH);
        }
    }

    private static BroadcastDispatcher.Bucket claimed(String campaign, Instant leaseUntil) {
        return new BroadcastDispatcher.Bucket(campaign + ":0", campaign, 0, false, leaseUntil, "bc-other", 10,
                List.of(), 0, 0, 0, 0);
    }

    /** Only what taking back orphaned buckets uses: the store and where it is. */
    private static BroadcastDispatcher dispatcher(MongoTemplate mongo, StoreLocation location) {
        return new BroadcastDispatcher(mongo, null, null, null, null, null, Clock.systemUTC(), StoreModes.provider(location));
    }
}
