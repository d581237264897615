package vn.tipline.store;

import com.mongodb.ConnectionString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** Where the service's MongoDB is: a configured server, or the embedded one it owns. */
public final class StoreLocation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreLocation.class);

    private final ConnectionString connectionString;
    private final String defaultDatabase;
    private final EmbeddedMongoServer embedded;

    private StoreLocation(ConnectionString connectionString, String defaultDatabase, EmbeddedMongoServer embedded) {
        this.connectionString = connectionString;
        this.defaultDatabase = defaultDatabase;
        this.embedded = embedded;
    }

    static StoreLocation open(StoreProperties properties) {
        // The data directory holds secrets whichever store is used.
        PrivateFiles.tighten(Path.of(properties.dataDir()));
        if (properties.embedded()) {
            EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(properties.dataDir()), properties.fsyncEachWrite(),
                    properties.salvage(), properties.compactInterval());
            return new StoreLocation(new ConnectionString(server.connectionString(properties.database())),
                    properties.database(), server);
        }
        ConnectionString connection = new ConnectionString(withDatabase(properties.mongodbUri().strip(), properties.database()));
        // Hosts only: the URI may carry credentials, which never go to the log.
        log.info("Using MongoDB at {}", connection.getHosts());
        return new StoreLocation(connection, properties.database(), null);
    }

    /** The URI as given, with the default database inserted when it names none. */
    static String withDatabase(String uri, String database) {
        if (new ConnectionString(uri).getDatabase() != null) {
            return uri;
        }
        int hosts = uri.indexOf("://") + 3;
        int slash = uri.indexOf('/', hosts);
        int query = uri.indexOf('?', hosts);
        if (slash >= 0) {
            return uri.substring(0, slash + 1) + database + uri.substring(slash + 1);
        }
        return query >= 0 ? uri.substring(0, query) + "/" + database + uri.substring(query) : uri + "/" + database;
    }

    public ConnectionString connectionString() {
        return connectionString;
    }

    public String defaultDatabase() {
        return defaultDatabase;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * Whether the store is the embedded one, so this process is the only one using it (its files are
     * locked): what it keeps in memory is exact, and every lease found at start is a dead predecessor's.
     */
    public static boolean isSoleInstance(org.springframework.beans.factory.ObjectProvider<StoreLocation> store) {
        StoreLocation location = store.getIfAvailable();
        return location != null && location.isEmbedded();
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
