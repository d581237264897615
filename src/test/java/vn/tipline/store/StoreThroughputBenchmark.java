package vn.tipline.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not part of the suite (enabled with -Dbench=true; see bench/README.md): acknowledged writes per second
 * on the embedded store as the service uses it (every write committed before it is acknowledged), the
 * write mix of the inbound path: insert a journal-like document, update it by id, read it by id, on a
 * collection of bench.store.docs documents of about 600 bytes. Options: bench.store.threads (16),
 * bench.store.seconds (15), bench.store.fsync (true: each group commit forced to the disk).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class StoreThroughputBenchmark {

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesPerSecond() throws Exception {
        int threads = Integer.getInteger("bench.store.threads", 16);
        int seconds = Integer.getInteger("bench.store.seconds", 15);
        int docs = Integer.getInteger("bench.store.docs", 5000);
        boolean fsync = Boolean.parseBoolean(System.getProperty("bench.store.fsync", "true"));
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, fsync);
        String body = "x".repeat(500);
        try (MongoClient client = MongoClients.create(server.connectionString("b"))) {
            MongoCollection<Document> journal = client.getDatabase("b").getCollection("journal");
            List<Document> seed = new ArrayList<>();
            for (int i = 0; i < docs; i++) {
                seed.add(new Document("_id", (long) i).append("status", "done").append("raw", body));
            }
            journal.insertMany(seed);
            AtomicLong ids = new AtomicLong(docs);
            AtomicLong ops = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long id = ids.getAndIncrement();
                        journal.insertOne(new Document("_id", id).append("status", "pending").append("raw", body));
                        journal.updateOne(new Document("_id", id), new Document("$set", new Document("status", "handled")));
                        journal.find(new Document("_id", ThreadLocalRandom.current().nextLong(id + 1))).first();
                        // Keep the collection at its size, as the journal's clean-up does.
                        journal.deleteOne(new Document("_id", id - docs));
                        ops.addAndGet(4);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            System.out.printf(Locale.ROOT, "%nBENCH store threads=%d fsync=%s: %.0f ops/s "
                            + "(3 of 4 writes, each on disk before its acknowledgement)%n",
                    threads, fsync, ops.get() / (double) seconds);
        } finally {
            server.close();
        }
    }
}
