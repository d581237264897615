package vn.tipline.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The embedded MongoDB-wire-compatible server on loopback, open to this process only
 * ({@link WireServer}), keeping its data in the data directory, readable by the service's user only.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    /** The log is compacted into a new snapshot above this size (or twice the snapshot's). */
    private static final long COMPACT_LOG_ABOVE = 64L * 1024 * 1024;

    private final Path dataDir;
    private final MVStore store;
    private final EmbeddedBackend backend;
    private final WireServer server;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(Path dataDir, MVStore store, EmbeddedBackend backend, WireServer server,
                                InetSocketAddress address) {
        this.dataDir = dataDir;
        this.store = store;
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    /** With the service's default durability: see {@link StoreProperties#fsyncEachWrite()}. */
    public static EmbeddedMongoServer start(Path dataDir) {
        return start(dataDir, false);
    }

    /**
     * Opens the store in {@code dataDir}: documents from the snapshot and log ({@link DocumentLog}),
     * photos from the MVStore file. Data of the earlier format, where every collection was in the
     * MVStore file, is moved into the log on the first start.
     *
     * @param fsync whether each group commit is forced to the disk (survives a power cut) or only
     *              written to the operating system (survives a crash of the service)
     */
    public static EmbeddedMongoServer start(Path dataDir, boolean fsync) {
        return start(dataDir, fsync, false, COMPACT_LOG_ABOVE);
    }

    /**
     * @param salvage whether damaged log or snapshot files are read for every record still readable
     *                (and copied aside) instead of stopping the start ({@link StoreDamagedException})
     */
    public static EmbeddedMongoServer start(Path dataDir, boolean fsync, boolean salvage) {
        return start(dataDir, fsync, salvage, COMPACT_LOG_ABOVE);
    }

    /** @param compactInterval how often the log is folded into a snapshot when anything was written */
    public static EmbeddedMongoServer start(Path dataDir, boolean fsync, boolean salvage, java.time.Duration compactInterval) {
        EmbeddedMongoServer server = start(dataDir, fsync, salvage, COMPACT_LOG_ABOVE);
        server.backend.compactEvery(compactInterval);
        return server;
    }

    static EmbeddedMongoServer start(Path dataDir, boolean fsync, long compactLogAbove) {
        return start(dataDir, fsync, false, compactLogAbove);
    }

    static EmbeddedMongoServer start(Path dataDir, boolean fsync, boolean salvage, long compactLogAbove) {
        return start(dataDir, fsync, salvage, compactLogAbove, null, null, UnaryOperator.identity());
    }

    /** As {@link #start(Path)}, the snapshot a restart writes going through {@code aroundSnapshot} (tests hold it). */
    static EmbeddedMongoServer start(Path dataDir, UnaryOperator<DocumentLog.SnapshotWriter> aroundSnapshot) {
        return start(dataDir, false, false, COMPACT_LOG_ABOVE, null, null, aroundSnapshot);
    }

    /**
     * The store for several service instances ({@code --store-only}): the same files and log, served on
     * {@code address} to the listed client addresses (all that reach it when the list is empty).
     */
    public static EmbeddedMongoServer serve(Path dataDir, boolean fsync, boolean salvage, Duration compactInterval,
                                            InetSocketAddress address, Set<InetAddress> clients) {
        EmbeddedMongoServer server = start(dataDir, fsync, salvage, COMPACT_LOG_ABOVE, address, clients, UnaryOperator.identity());
        server.backend.compactEvery(compactInterval);
        return server;
    }

    /** {@code listen} null: a free loopback port open to this process only. */
    private static EmbeddedMongoServer start(Path dataDir, boolean fsync, boolean salvage, long compactLogAbove,
                                             InetSocketAddress listen, Set<InetAddress> clients,
                                             UnaryOperator<DocumentLog.SnapshotWriter> aroundSnapshot) {
        try {
            PrivateFiles.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
        PrivateFiles.tighten(dataDir);
        if (!salvage) {
            // Before anything writes to the directory: a refused start leaves every file as it was.
            DocumentLog.check(dataDir.toAbsolutePath());
        }
        long started = System.nanoTime();
        Path file = dataDir.resolve("tipline.mv.db").toAbsolutePath();
        compact(file);
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .open();
        PrivateFiles.restrict(file);
        // Writes are committed before they are acknowledged (EmbeddedBackend); the background writer
        // only saves what else changed and keeps the file compact, and its housekeeping reads the
        // state of every chunk each time, so it keeps MVStore's default delay.
        store.setAutoCommitDelay(1000);
        int[] moved = {0};
        DocumentLog documentLog;
        try {
            documentLog = DocumentLog.open(dataDir.toAbsolutePath(), fsync, compactLogAbove, salvage,
                    image -> moved[0] = moveFromFile(store, image));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        EmbeddedBackend backend = new EmbeddedBackend(store, documentLog);
        if (moved[0] > 0 || documentLog.salvaged()) {
            backend.compact();
        } else if (documentLog.recoveredRecords() > 0) {
            // The replayed log is already in memory and a snapshot is written while writes go on
            // (LoggedCollection.dumpTo): the service need not wait for it before it answers, and on a large
            // store it took a second or more of every restart.
            backend.compactInBackground(aroundSnapshot);
        }
        if (Files.exists(dataDir.resolve(DocumentLog.SNAPSHOT))) {
            // Only once a snapshot holds them: until then the file's copy is the only one.
            dropMovedMaps(store);
        }
        WireServer server = listen == null ? WireServer.ownProcessOnly(backend) : WireServer.forClients(backend, clients);
        InetSocketAddress address;
        try {
            address = listen == null ? server.bind() : server.bind(listen);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        log.info("Embedded MongoDB-compatible store: data in {}, listening on {}, opened in {} ms ({} log records replayed)",
                dataDir.toAbsolutePath(), address, (System.nanoTime() - started) / 1_000_000,
                documentLog.recoveredRecords());
        return new EmbeddedMongoServer(dataDir.toAbsolutePath(), store, backend, server, address);
    }

    /** Copies the collections an earlier version kept in the MVStore file (all but photos) into memory. */
    private static int moveFromFile(MVStore store, DocumentLog.Image image) {
        int moved = 0;
        for (String map : store.getMapNames()) {
            if (!map.startsWith(EmbeddedDatabase.DATA_PREFIX)) {
                continue;
            }
            String namespace = map.substring(EmbeddedDatabase.DATA_PREFIX.length());
            if (EmbeddedDatabase.inFile(namespace)) {
                continue;
            }
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> documents = store.openMap(map);
            var target = image.collection(namespace);
            documents.forEach((key, document) -> {
                // Collections without an _id field (system.indexes) were keyed by random UUIDs.
                target.put(key instanceof java.util.UUID ? key.toString() : key, DocumentLog.encode(document));
            });
            moved += documents.size();
        }
        if (moved > 0) {
            log.info("Moved {} documents from the MVStore file into the store's log", moved);
        }
        return moved;
    }

    /**
     * Removes from the MVStore file the collections that now live in the log. Only called once a
     * snapshot holds them: what remains in the file for them is an older copy.
     */
    private static void dropMovedMaps(MVStore store) {
        java.util.List<String> stale = new java.util.ArrayList<>();
        for (String map : store.getMapNames()) {
            String namespace = map.startsWith(EmbeddedDatabase.DATA_PREFIX) ? map.substring(EmbeddedDatabase.DATA_PREFIX.length())
                    : map.startsWith(EmbeddedDatabase.META_PREFIX) ? map.substring(EmbeddedDatabase.META_PREFIX.length())
                    : map.contains("._index_") ? map.substring(0, map.indexOf("._index_")) : null;
            if (namespace != null && !EmbeddedDatabase.inFile(namespace)) {
                stale.add(map);
            }
        }
        if (!stale.isEmpty()) {
            stale.forEach(name -> store.removeMap(name));
            store.commit();
        }
    }

    /** Rewrites the file without its dead chunks; the MVStore grows several-fold between runs otherwise. */
    private static void compact(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            long before = Files.size(file);
            long started = System.nanoTime();
            MVStoreTool.compact(file.toString(), false);
            long after = Files.size(file);
            log.info("Compacted the store file from {} KiB to {} KiB in {} ms",
                    before / 1024, after / 1024, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // A failed compaction leaves the original file in place; the service still starts on it.
            log.warn("Could not compact the store file {}: {}", file, e.toString());
        }
    }

    EmbeddedBackend backend() {
        return backend;
    }

    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    @Override
    public void close() {
        // Graceful: stops listening, lets the commands under way finish, closes the connections left
        // and the backend. (shutdownNow closes the connections first and warns "Closing 1 clients"
        // whenever our own driver's last socket close has not reached the server yet: noise on a
        // normal stop, seen by CleanStartTest.)
        server.shutdown();
        if (!store.isClosed()) {
            store.close();
        }
        log.info("Embedded store closed; data kept in {}", dataDir);
    }
}
