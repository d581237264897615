package vn.tipline.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store through the real driver: the gaps we close and the behaviour we rely on. */
class EmbeddedMongoServerTest {

    @TempDir
    Path dir;

    /**
     * A deleted document (a handled platform update, a purged conversation) leaves the files' bytes
     * within the compaction interval, not only at the next start or once the log reaches 64 MB.
     */
    @Test
    void aPeriodicCompactionTakesDeletedDocumentsOutOfTheFiles() {
        byte[] name = "Nguyễn Văn Đã-Xoá".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false, false, java.time.Duration.ofMillis(300));
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> updates = client.getDatabase("t").getCollection("updates");
            updates.insertOne(new Document("_id", 1).append("raw", new String(name, java.nio.charset.StandardCharsets.UTF_8)));
            updates.deleteOne(new Document("_id", 1));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !anyFileHolds(dir, name));
            updates.insertOne(new Document("_id", 2));
            assertThat(updates.countDocuments()).isEqualTo(1);
        }
    }

    private static boolean anyFileHolds(Path dir, byte[] bytes) throws java.io.IOException {
        String needle = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle)) {
                    return true;
                }
            }
        }
        return false;
    }

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

    /** Index builds over existing documents (as every start does): one pass, and a duplicate leaves no index behind. */
    @Test
    void aUniqueIndexBuiltOverExistingDocumentsFindsThemRefusesDuplicatesAndIsRebuiltAtTheNextStart() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> tips = client.getDatabase("t").getCollection("tips");
            for (int i = 0; i < 50; i++) {
                Document tip = new Document("_id", i).append("code", "TG-" + i).append("group", i % 10);
                if (i % 2 == 1) {
                    tip.append("ref", "R" + i); // absent from the others: the sparse index skips them
                }
                tips.insertOne(tip);
            }
            // Ten documents share each group: building a unique index on it fails, and leaves nothing behind.
            assertThatThrownBy(() -> tips.createIndex(Indexes.ascending("group"), new IndexOptions().unique(true)))
                    .hasMessageContaining("E11000");
            assertThat(tips.listIndexes().map(index -> index.getString("name")).into(new java.util.ArrayList<>()))
                    .doesNotContain("group_1");
            tips.insertOne(new Document("_id", 50).append("code", "TG-50").append("group", 0));

            tips.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            tips.createIndex(Indexes.ascending("ref"), new IndexOptions().unique(true).sparse(true).name("ref_sparse"));
            assertThat(tips.find(new Document("code", "TG-17")).first()).containsEntry("_id", 17);
            assertThatThrownBy(() -> tips.insertOne(new Document("_id", 99).append("code", "TG-3")))
                    .hasMessageContaining("E11000");
            assertThatThrownBy(() -> tips.insertOne(new Document("_id", 99).append("ref", "R3")))
                    .hasMessageContaining("E11000");
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> tips = client.getDatabase("t").getCollection("tips");
            assertThat(tips.find(new Document("code", "TG-42")).first()).containsEntry("_id", 42);
            assertThatThrownBy(() -> tips.insertOne(new Document("_id", 98).append("code", "TG-5")))
                    .hasMessageContaining("E11000");
            assertThatThrownBy(() -> tips.insertOne(new Document("_id", 98).append("ref", "R5")))
                    .hasMessageContaining("E11000");
            assertThatThrownBy(() -> tips.insertOne(new Document("_id", 7).append("code", "TG-new")))
                    .as("the _id index too").hasMessageContaining("E11000");
            tips.insertOne(new Document("_id", 98).append("code", "TG-98"));
            assertThat(tips.countDocuments()).isEqualTo(52);
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
            inParallel(threads, writer -> {
                for (int i = 0; i < each; i++) {
                    docs.insertOne(new Document("_id", writer * 10_000 + i).append("n", 0));
                    docs.updateOne(new Document("_id", writer * 10_000 + i), new Document("$inc", new Document("n", 1)));
                }
            });
            copyFiles(dir.resolve("live"), copy);
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(copy);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertThat(docs.countDocuments()).isEqualTo((long) threads * each);
            assertThat(docs.countDocuments(new Document("n", 1))).isEqualTo((long) threads * each);
        }
    }

    /** Runs {@code writer} on that many threads at once (given its number) and waits for all of them. */
    private static void inParallel(int threads, java.util.function.IntConsumer writer) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int number = t;
                running.add(pool.submit(() -> writer.accept(number)));
            }
            for (java.util.concurrent.Future<?> one : running) {
                one.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** As {@code kill -9} leaves them: every file as it is at this moment, nothing closed or flushed. */
    private static void copyFiles(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static long sizeOf(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aRestartReplacesTheLogWithASnapshotAndKeepsTheData() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            for (int i = 0; i < 1500; i++) {
                docs.insertOne(new Document("_id", i).append("code", "c" + i).append("text", "x".repeat(200)));
                docs.updateOne(new Document("_id", i), new Document("$set", new Document("seen", true)));
            }
            docs.deleteMany(new Document("_id", new Document("$gte", 100)));
        }
        long before = sizeOf(dir);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertThat(docs.countDocuments()).isEqualTo(100);
            assertThat(docs.countDocuments(new Document("seen", true))).isEqualTo(100);
            // The unique index is rebuilt from the documents.
            assertThatThrownBy(() -> docs.insertOne(new Document("code", "c7"))).hasMessageContaining("E11000");
        }
        assertThat(sizeOf(dir)).isLessThan(before / 5);
    }

    /**
     * A restart answers, and takes writes, as soon as its log is replayed: the snapshot that folds the
     * log in is written afterwards, while the service runs (it took a second or more of every restart on a
     * large store), and what was written meanwhile is kept.
     */
    @Test
    void aRestartAnswersBeforeItsSnapshotIsWrittenAndFoldsTheLogInAfterwards() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            for (int i = 0; i < 1500; i++) {
                docs.insertOne(new Document("_id", i).append("text", "x".repeat(200)));
            }
            docs.deleteMany(new Document("_id", new Document("$gte", 100)));
        }
        long before = sizeOf(dir);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            Future<EmbeddedMongoServer> starting = starter.submit(() -> EmbeddedMongoServer.start(dir,
                    snapshot -> (namespace, key, document) -> {
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        snapshot.put(namespace, key, document);
                    }));
            try (EmbeddedMongoServer server = starting.get(15, TimeUnit.SECONDS);
                 MongoClient client = MongoClients.create(server.connectionString("t"))) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                assertThat(docs.countDocuments()).isEqualTo(100);
                docs.insertOne(new Document("_id", 5000).append("text", "written while the snapshot waits"));
                assertThat(sizeOf(dir)).as("the old log, not yet folded in").isGreaterThan(before / 2);
                release.countDown();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sizeOf(dir) < before / 5);
            }
        } finally {
            release.countDown();
            starter.shutdownNow();
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertThat(docs.countDocuments()).isEqualTo(101);
            assertThat(docs.find(new Document("_id", 5000)).first()).isNotNull();
        }
    }

    @Test
    void anUnfinishedRecordAtTheEndOfTheLogIsDroppedAndLaterWritesFollowTheLastGoodOne() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            client.getDatabase("t").getCollection("docs").insertOne(new Document("_id", 1));
        }
        Path log;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            log = files.filter(f -> f.getFileName().toString().endsWith(".wal")).findFirst().orElseThrow();
        }
        // The start wrote a snapshot and began an empty log; a crash mid-write leaves part of a record.
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            client.getDatabase("t").getCollection("docs").insertOne(new Document("_id", 2));
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            log = files.filter(f -> f.getFileName().toString().endsWith(".wal")).findFirst().orElseThrow();
        }
        Files.write(log, new byte[] {40, 0, 0, 0, 1, 2, 3, 4, 5, 6}, java.nio.file.StandardOpenOption.APPEND);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertThat(docs.countDocuments()).isEqualTo(2);
            docs.insertOne(new Document("_id", 3));
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            assertThat(client.getDatabase("t").getCollection("docs").countDocuments()).isEqualTo(3);
        }
    }

    /**
     * The log is compacted into a snapshot while writers go on; a copy taken afterwards (as a kill would
     * leave the files) still holds every acknowledged write exactly as last written.
     */
    @Test
    void compactingWhileWritesGoOnLosesNothing() throws Exception {
        Path live = dir.resolve("live");
        Path copy = dir.resolve("after-kill");
        int threads = 4;
        int each = 400;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(live, false, 16 * 1024);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            inParallel(threads, writer -> {
                for (int i = 0; i < each; i++) {
                    int id = writer * 10_000 + i;
                    docs.insertOne(new Document("_id", id).append("n", 0).append("pad", "y".repeat(300)));
                    docs.updateOne(new Document("_id", id), new Document("$inc", new Document("n", 1)));
                    if (i % 4 == 0) {
                        docs.deleteOne(new Document("_id", id));
                    }
                }
            });
            // Many compactions ran: at most the current log and one older one are left.
            try (java.util.stream.Stream<Path> files = Files.list(live)) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".wal")).count()).isLessThanOrEqualTo(2);
            }
            assertThat(live.resolve("tipline.snapshot")).exists();
            copyFiles(live, copy);
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(copy);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            long kept = (long) threads * (each - each / 4);
            assertThat(docs.countDocuments()).isEqualTo(kept);
            assertThat(docs.countDocuments(new Document("n", 1))).isEqualTo(kept);
        }
    }

    /**
     * A snapshot being written does not hold up writes to the collection it is writing out (webhook
     * answers wait on those writes), and the writes made meanwhile survive a kill: the snapshot plus
     * the new log rebuild every document as last written.
     */
    @Test
    void writesGoOnWhileASnapshotWritesTheirCollectionOutAndSurviveAKill() throws Exception {
        Path live = dir.resolve("live");
        Path during = dir.resolve("killed-during-the-snapshot");
        Path after = dir.resolve("killed-after-it");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch snapshotStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch writesDone = new java.util.concurrent.CountDownLatch(1);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(live);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            for (int i = 0; i < 10; i++) {
                docs.insertOne(new Document("_id", i).append("n", 0));
            }
            // The snapshot stops at the first document of "docs" until the writes below are acknowledged.
            var compaction = threads.submit(() -> server.backend().compact(snapshot -> (namespace, key, document) -> {
                if (namespace.equals("t.docs") && snapshotStarted.getCount() > 0) {
                    snapshotStarted.countDown();
                    try {
                        writesDone.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                snapshot.put(namespace, key, document);
            }));
            assertThat(snapshotStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var writes = threads.submit(() -> {
                docs.updateOne(new Document("_id", 0), new Document("$set", new Document("n", 1)));
                docs.updateOne(new Document("_id", 9), new Document("$set", new Document("n", 1)));
                docs.deleteOne(new Document("_id", 5));
                docs.insertOne(new Document("_id", 100).append("n", 1));
                return null;
            });
            try {
                writes.get(10, java.util.concurrent.TimeUnit.SECONDS);
                copyFiles(live, during);
            } finally {
                writesDone.countDown();
            }
            compaction.get(30, java.util.concurrent.TimeUnit.SECONDS);
            copyFiles(live, after);
        } finally {
            writesDone.countDown();
            threads.shutdownNow();
        }
        for (Path copy : java.util.List.of(during, after)) {
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(copy);
                 MongoClient client = MongoClients.create(server.connectionString("t"))) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                java.util.Map<Integer, Integer> found = new java.util.TreeMap<>();
                docs.find().forEach(d -> found.put(d.getInteger("_id"), d.getInteger("n")));
                assertThat(found).as(copy.getFileName().toString()).containsOnlyKeys(0, 1, 2, 3, 4, 6, 7, 8, 9, 100);
                assertThat(found).as(copy.getFileName().toString())
                        .containsEntry(0, 1).containsEntry(9, 1).containsEntry(100, 1).containsEntry(1, 0);
            }
        }
    }

    /**
     * A data directory of the earlier format (every collection in the MVStore file) is taken over, also
     * when an earlier attempt stopped before its snapshot was written.
     */
    @Test
    void dataOfTheEarlierFormatIsMovedIntoTheLog() throws Exception {
        org.h2.mvstore.MVStore old = new org.h2.mvstore.MVStore.Builder().fileName(dir.resolve("tipline.mv.db").toString()).open();
        de.bwaldvogel.mongo.MongoServer oldServer = new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.h2.H2Backend(old));
        String address = oldServer.bindAndGetConnectionString();
        try (MongoClient client = MongoClients.create(address)) {
            MongoCollection<Document> tips = client.getDatabase("t").getCollection("tips");
            tips.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            for (int i = 0; i < 50; i++) {
                tips.insertOne(new Document("_id", i).append("code", "TG-" + i));
            }
            com.mongodb.client.gridfs.GridFSBuckets.create(client.getDatabase("t"), "evidence")
                    .uploadFromStream("photo.jpg", new java.io.ByteArrayInputStream(new byte[300_000]));
        }
        oldServer.shutdownNow();
        old.close();
        // As a first start that stopped before writing its snapshot leaves it: an empty log, no snapshot.
        Files.createFile(dir.resolve("tipline-0.wal"));

        for (int start = 0; start < 2; start++) {
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
                 MongoClient client = MongoClients.create(server.connectionString("t"))) {
                MongoCollection<Document> tips = client.getDatabase("t").getCollection("tips");
                assertThat(tips.countDocuments()).isEqualTo(50);
                assertThatThrownBy(() -> tips.insertOne(new Document("code", "TG-7"))).hasMessageContaining("E11000");
                java.io.ByteArrayOutputStream photo = new java.io.ByteArrayOutputStream();
                com.mongodb.client.gridfs.GridFSBuckets.create(client.getDatabase("t"), "evidence")
                        .downloadToStream("photo.jpg", photo);
                assertThat(photo.size()).isEqualTo(300_000);
            }
        }
    }

    @Test
    void aRenamedCollectionKeepsItsDocumentsUnderTheNewNameAfterARestart() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("drafts");
            for (int i = 0; i < 20; i++) {
                docs.insertOne(new Document("_id", i));
            }
            docs.renameCollection(new com.mongodb.MongoNamespace("t", "archive"));
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            assertThat(client.getDatabase("t").getCollection("archive").countDocuments()).isEqualTo(20);
            assertThat(client.getDatabase("t").getCollection("drafts").countDocuments()).isZero();
        }
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
