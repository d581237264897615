package vn.tipline.store;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded MongoDB-wire-compatible server on loopback, backed by one H2 MVStore file. */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final Path file;
    private final MVStore store;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(Path file, MVStore store, MongoServer server, InetSocketAddress address) {
        this.file = file;
        this.store = store;
        this.server = server;
        this.address = address;
    }

    public static EmbeddedMongoServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("tipline.mv.db").toAbsolutePath();
        compact(file);
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .open();
        // Writes are committed before they are acknowledged (DurableH2Backend); the background writer
        // only saves what else changed and keeps the file compact. It does that housekeeping every third
        // of this delay, reading the state of every chunk each time: at 100 ms it was 13% of all CPU
        // under the inbound benchmark, so it keeps MVStore's default.
        store.setAutoCommitDelay(1000);
        MongoServer server = new MongoServer(new DurableH2Backend(store));
        InetSocketAddress address = server.bind();
        log.info("Embedded MongoDB-compatible store: data in {}, listening on {}", file, address);
        return new EmbeddedMongoServer(file, store, server, address);
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

    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        server.shutdownNow();
        if (!store.isClosed()) {
            store.close();
        }
        log.info("Embedded store closed; data kept in {}", file);
    }
}
