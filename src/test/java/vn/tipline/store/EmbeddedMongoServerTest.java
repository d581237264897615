package vn.tipline.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store through the real driver: the gaps we close and the behaviour we rely on. */
class EmbeddedMongoServerTest {

    @TempDir
    Path dir;

    @Test
    void answersHelloAsAWritablePrimary() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
            assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
            assertThat(hello.get("maxWireVersion", Number.class).intValue()).isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void uniqueIndexesRejectDuplicates() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> tips = client.getDatabase("t").getCollection("tips");
            tips.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            tips.insertOne(new Document("code", "TG-2222-2222"));
            assertThatThrownBy(() -> tips.insertOne(new Document("code", "TG-2222-2222")))
                    .hasMessageContaining("E11000");
        }
    }

    @Test
    void aConditionalWriteByIdStillHonoursEveryCondition() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> journal = client.getDatabase("t").getCollection("journal");
            journal.insertOne(new Document("_id", 7L).append("status", "pending").append("lease", 0));
            journal.insertOne(new Document("_id", 8L).append("status", "pending").append("lease", 0));
            Document claim = new Document("_id", 7L).append("status", "pending").append("lease", new Document("$lte", 5));
            Document taken = new Document("$set", new Document("lease", 10));

            assertThat(journal.findOneAndUpdate(claim, taken)).isNotNull();
            // The same claim again: the document is still there by id, but its lease no longer matches.
            assertThat(journal.findOneAndUpdate(claim, taken)).isNull();
            assertThat(journal.updateOne(new Document("_id", 8L).append("status", "done"), taken).getMatchedCount()).isZero();
            assertThat(journal.updateOne(new Document("_id", new Document("$in", java.util.List.of(8L, 9L)))
                    .append("status", "pending"), taken).getModifiedCount()).isEqualTo(1);
            assertThat(journal.countDocuments(new Document("_id", 9L).append("status", "pending"))).isZero();
            assertThat(journal.find(new Document("lease", 10)).into(new java.util.ArrayList<>())).hasSize(2);
        }
    }

    /**
     * Concurrent writers share commits (group commit): each is still acknowledged only once on disk. The
     * file is copied while the store runs, as a {@code kill -9} would leave it (written, never closed),
     * and the copy must hold every acknowledged write.
     */
    @Test
    void everyWriteAcknowledgedToConcurrentWritersIsOnDiskWithoutAClose() throws Exception {
        int threads = 8;
        int each = 150;
        Path copy = dir.resolve("after-kill");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir.resolve("live"));
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                java.util.List<java.util.concurrent.Future<?>> writers = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int writer = t;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            docs.insertOne(new Document("_id", writer * 10_000 + i).append("n", 0));
                            docs.updateOne(new Document("_id", writer * 10_000 + i), new Document("$inc", new Document("n", 1)));
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> w : writers) {
                    w.get();
                }
            } finally {
                pool.shutdown();
            }
            Files.createDirectories(copy);
            Files.copy(server.file(), copy.resolve(server.file().getFileName()));
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(copy);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertThat(docs.countDocuments()).isEqualTo((long) threads * each);
            assertThat(docs.countDocuments(new Document("n", 1))).isEqualTo((long) threads * each);
        }
    }

    @Test
    void compactsTheFileAtStartAndKeepsTheData() throws Exception {
        Path file;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            // Every acknowledged write is committed, which leaves many dead chunks behind.
            for (int i = 0; i < 1500; i++) {
                docs.insertOne(new Document("_id", i).append("text", "x".repeat(200)));
            }
            docs.deleteMany(new Document("_id", new Document("$gte", 100)));
            file = server.file();
        }
        long before = Files.size(file);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            assertThat(client.getDatabase("t").getCollection("docs").countDocuments()).isEqualTo(100);
        }
        assertThat(Files.size(file)).isLessThan(before);
    }

    @Test
    void aDatabaseIsAddedToAUriThatNamesNone() {
        assertThat(StoreLocation.withDatabase("mongodb://h:27017", "tipline")).isEqualTo("mongodb://h:27017/tipline");
        assertThat(StoreLocation.withDatabase("mongodb://h:27017/", "tipline")).isEqualTo("mongodb://h:27017/tipline");
        assertThat(StoreLocation.withDatabase("mongodb://u:p@h1,h2/?replicaSet=rs0", "tipline"))
                .isEqualTo("mongodb://u:p@h1,h2/tipline?replicaSet=rs0");
        assertThat(StoreLocation.withDatabase("mongodb://h/mine?w=majority", "tipline")).isEqualTo("mongodb://h/mine?w=majority");
    }
}
