package vn.tipline.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
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
 * bench.store.seconds (15), bench.store.keys-per-page and bench.store.page-split-size (MVStore page
 * shape; the defaults when absent), bench.store.workers (the store's network threads; 0: two per core).
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
        MVStore.Builder builder = new MVStore.Builder().fileName(dir.resolve("bench.mv.db").toString());
        Integer keysPerPage = Integer.getInteger("bench.store.keys-per-page");
        Integer pageSplitSize = Integer.getInteger("bench.store.page-split-size");
        if (keysPerPage != null) {
            builder.keysPerPage(keysPerPage);
        }
        if (pageSplitSize != null) {
            builder.pageSplitSize(pageSplitSize);
        }
        MVStore store = builder.open();
        store.setAutoCommitDelay(1000);
        MongoServer server = new MongoServer(new DurableH2Backend(store));
        int workers = Integer.getInteger("bench.store.workers", 0); // 0: netty's default, 2 per core
        server.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1, workers);
        InetSocketAddress address = server.getLocalAddress();
        String body = "x".repeat(500);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/b")) {
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
            System.out.printf(Locale.ROOT, "%nBENCH store workers=" + workers + " threads=%d keys-per-page=%s page-split-size=%s: %.0f ops/s "
                            + "(3 of 4 writes, each committed before its acknowledgement); %d chunks written%n",
                    threads, keysPerPage, pageSplitSize, ops.get() / (double) seconds,
                    store.getCurrentVersion());
        } finally {
            server.shutdownNow();
            store.close();
        }
    }
}
