package vn.tipline.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Where the data lives.
 *
 * @param mongodbUri a real MongoDB to use; blank starts the embedded store
 * @param dataDir    directory of the embedded store's file and the service's local secrets
 * @param database   database name used when the URI names none
 * @param serverSelectionTimeout how long a request waits for an unreachable store before failing
 *                   (the driver's own default is 30 s); {@code serverSelectionTimeoutMS} in the URI wins
 * @param fsyncEachWrite embedded store: force every acknowledged write to the disk before answering
 *                   (survives a power cut; about half the write rate). Off: written to the operating
 *                   system before answering (survives a crash of the service) and forced every 100 ms,
 *                   as MongoDB's own default does with its journal
 * @param salvage    embedded store: read damaged log or snapshot files for every record still readable,
 *                   copying the damaged files aside, instead of refusing to start (docs/operations.md)
 * @param compactInterval embedded store: how often the log is folded into a new snapshot (besides at
 *                   start and above 64 MB), so that what was deleted leaves the files within that time
 * @param serveAddress {@code --store-only}: the address the store listens on for the service instances
 * @param servePort  {@code --store-only}: its port
 * @param allowedClients {@code --store-only}: the only client addresses served; empty: every one that
 *                   reaches the port (the store has no credentials: docs/operations.md)
 */
@ConfigurationProperties(prefix = "tipline.store")
public record StoreProperties(String mongodbUri, String dataDir, String database, Duration serverSelectionTimeout,
                              boolean fsyncEachWrite, boolean salvage, Duration compactInterval, String serveAddress,
                              int servePort, List<String> allowedClients) {

    public StoreProperties {
        if (dataDir == null || dataDir.isBlank()) {
            dataDir = "./data";
        }
        if (database == null || database.isBlank()) {
            database = "tipline";
        }
        if (serverSelectionTimeout == null || serverSelectionTimeout.isNegative() || serverSelectionTimeout.isZero()) {
            serverSelectionTimeout = Duration.ofSeconds(5);
        }
        if (compactInterval == null || compactInterval.isNegative() || compactInterval.isZero()) {
            compactInterval = Duration.ofHours(1);
        }
        if (serveAddress == null || serveAddress.isBlank()) {
            serveAddress = "127.0.0.1";
        }
        if (servePort <= 0 || servePort > 65535) {
            servePort = 27017;
        }
        allowedClients = allowedClients == null ? List.of()
                : allowedClients.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
    }

    public boolean embedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
