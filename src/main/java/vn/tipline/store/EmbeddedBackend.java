package vn.tipline.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded store's backend for mongo-java-server, with the gaps that matter to us closed:
 * <ul>
 *   <li>documents live in memory and every change goes to a write-ahead log ({@link DocumentLog});
 *       a write is acknowledged only once its changes are written, so it survives {@code kill -9};
 *       concurrent writers share one log write (group commit);</li>
 *   <li>GridFS chunks (photos) stay in an H2 MVStore file, committed before the write is acknowledged;</li>
 *   <li>it answers {@code hello} (driver 5 health checks and ServerApi clients send it) the way it
 *       answers {@code isMaster};</li>
 *   <li>a query that pins {@code _id} and adds conditions reads that one document instead of scanning.</li>
 * </ul>
 */
final class EmbeddedBackend extends AbstractMongoBackend {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBackend.class);

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "create", "renamecollection");

    private final MVStore files;
    private final DocumentLog documentLog;
    private final Set<LoggedCollection> collections = ConcurrentHashMap.newKeySet();
    private final Object filesCommitLock = new Object();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "store-sync");
        thread.setDaemon(true);
        return thread;
    });
    /** Its own thread: a long snapshot must not hold up the 100 ms sync. */
    private final ExecutorService compactor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "store-compactor");
        thread.setDaemon(true);
        return thread;
    });

    EmbeddedBackend(MVStore files, DocumentLog documentLog) {
        this.files = files;
        this.documentLog = documentLog;
        Set<String> databases = new TreeSet<>();
        for (String namespace : documentLog.image().namespaces()) {
            databases.add(Utils.firstFragment(namespace));
        }
        for (String map : files.getMapNames()) {
            if (map.startsWith(EmbeddedDatabase.DATA_PREFIX)) {
                databases.add(Utils.firstFragment(map.substring(EmbeddedDatabase.DATA_PREFIX.length())));
            }
        }
        databases.forEach(this::resolveDatabase);
        syncer.scheduleWithFixedDelay(documentLog::sync, 100, 100, TimeUnit.MILLISECONDS);
    }

    MVStore files() {
        return files;
    }

    DocumentLog log() {
        return documentLog;
    }

    void opened(LoggedCollection collection) {
        collections.add(collection);
    }

    void closed(Object collection) {
        collections.remove(collection);
    }

    long storageSize() {
        var store = files.getFileStore();
        return documentLog.size() + (store == null ? 0 : store.size());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new EmbeddedDatabase(databaseName, getCursorRegistry(), this);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("hello")) {
            Document reply = super.handleCommand(channel, databaseName, "isMaster", query);
            reply.put("isWritablePrimary", Boolean.TRUE);
            return reply;
        }
        Document reply = super.handleCommand(channel, databaseName, command, query);
        if (WRITE_COMMANDS.contains(name) || name.equals("aggregate") && writesOutput(query)) {
            makeDurable();
        }
        return reply;
    }

    private static boolean writesOutput(Document aggregate) {
        Object pipeline = aggregate.get("pipeline");
        if (pipeline instanceof java.util.List<?> stages) {
            for (Object stage : stages) {
                if (stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Everything changed so far is on disk when this returns. */
    void makeDurable() {
        boolean outgrown = documentLog.commit(documentLog.ticket());
        if (files.hasUnsavedChanges()) {
            synchronized (filesCommitLock) {
                files.commit();
            }
        }
        if (outgrown) {
            compactInBackground();
        }
    }

    /**
     * Folds the log into a new snapshot every {@code interval} when anything was written since the last
     * one: a deleted document (a handled platform update, a purged conversation) stays in the log's
     * bytes until then, on a quiet instance for weeks before the 64 MB limit is reached.
     */
    void compactEvery(java.time.Duration interval) {
        syncer.scheduleWithFixedDelay(() -> {
            if (documentLog.writtenSinceSnapshot()) {
                compactInBackground();
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void compactInBackground() {
        compactInBackground(writer -> writer);
    }

    /** A compaction on the compactor's thread, unless one is under way; its snapshot written through {@code around}. */
    void compactInBackground(java.util.function.UnaryOperator<DocumentLog.SnapshotWriter> around) {
        if (compacting.compareAndSet(false, true)) {
            compactor.execute(() -> {
                try {
                    compact(around);
                } catch (RuntimeException e) {
                    log.error("Could not compact the store's log", e);
                } finally {
                    compacting.set(false);
                }
            });
        }
    }

    /** Writes a snapshot of every document and drops the log it replaces (writes go on meanwhile). */
    void compact() {
        compact(writer -> writer);
    }

    /** As {@link #compact()}, with the snapshot written through {@code around} (tests slow it down). */
    void compact(java.util.function.UnaryOperator<DocumentLog.SnapshotWriter> around) {
        documentLog.compact(snapshot -> {
            DocumentLog.SnapshotWriter writer = around.apply(snapshot);
            java.util.Map<String, LoggedCollection> open = new java.util.HashMap<>();
            for (LoggedCollection collection : collections) {
                open.put(collection.getFullName(), collection);
            }
            // Every namespace the store holds, open or not (the image is the authority on what exists).
            for (String namespace : documentLog.image().namespaces()) {
                LoggedCollection collection = open.get(namespace);
                if (collection != null) {
                    collection.dumpTo(writer);
                } else {
                    documentLog.image().collection(namespace).forEach((key, document) -> writer.put(namespace, key, document));
                }
            }
        });
    }

    @Override
    public void close() {
        // A snapshot under way (one starts with every restart) is finished rather than interrupted: an
        // interrupted one is safe but logs an error, and a stop soon after a start would often see it.
        compactor.shutdown();
        try {
            compactor.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncer.shutdownNow();
        compactor.shutdownNow();
        super.close();
        documentLog.close();
        files.close();
    }
}
