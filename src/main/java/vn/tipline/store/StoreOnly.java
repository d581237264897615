package vn.tipline.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code java -jar tipline.jar --store-only} (or {@code TIPLINE_STORE_ONLY=true}): no service, only the
 * embedded store with its log and data directory, served on {@code TIPLINE_STORE_ADDRESS:PORT} so that
 * several service instances can share it through {@code MONGODB_URI}, where no MongoDB can be run yet.
 * A small Spring context (settings and logging as the service has them, nothing else) holds it open
 * until the process is stopped; a stop closes it as the service's own stop does.
 */
@EnableConfigurationProperties(StoreProperties.class)
public class StoreOnly {

    private static final Logger log = LoggerFactory.getLogger(StoreOnly.class);

    public static boolean requested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--store-only")) {
                return true;
            }
        }
        return "true".equalsIgnoreCase(System.getenv("TIPLINE_STORE_ONLY"));
    }

    /** Serves the store until the process is stopped. */
    public static void run(String[] args) throws InterruptedException {
        new SpringApplicationBuilder(StoreOnly.class).web(WebApplicationType.NONE).run(args);
        Thread.currentThread().join();
    }

    @Bean(destroyMethod = "close")
    EmbeddedMongoServer sharedStore(StoreProperties properties) throws UnknownHostException {
        Set<InetAddress> clients = new LinkedHashSet<>();
        for (String client : properties.allowedClients()) {
            clients.add(InetAddress.getByName(client));
        }
        EmbeddedMongoServer server = EmbeddedMongoServer.serve(Path.of(properties.dataDir()), properties.fsyncEachWrite(),
                properties.salvage(), properties.compactInterval(),
                new InetSocketAddress(InetAddress.getByName(properties.serveAddress()), properties.servePort()), clients);
        log.info("Store only: serving the embedded store to {}; no credentials, keep the port on loopback or a "
                + "private network", clients.isEmpty() ? "every client that reaches the port" : "only " + clients);
        return server;
    }
}
