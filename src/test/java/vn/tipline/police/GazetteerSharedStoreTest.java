package vn.tipline.police;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances started together on one empty store (each with its own driver, as two service
 * processes have) load the gazetteer once between them, quietly: no duplicate key, no ERROR (a
 * failed attempt would log one and retry 5 s later), neither from the service nor from the store.
 */
class GazetteerSharedStoreTest {

    @Test
    void twoInstancesStartingTogetherLoadTheGazetteerOnceWithoutAnError(@TempDir Path dir) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("ROOT");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        PoliceProperties properties = new PoliceProperties(null, null, 8, 10, 5, 3, 30);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient first = MongoClients.create(server.connectionString("tipline"));
             MongoClient second = MongoClients.create(server.connectionString("tipline"))) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Gazetteer>> starts = List.of(first, second).stream()
                    .map(client -> CompletableFuture.supplyAsync(() -> {
                        MongoTemplate mongo = new MongoTemplate(client, "tipline");
                        await(go);
                        Gazetteer gazetteer = new Gazetteer(mongo, properties, Clock.systemUTC(), event -> { });
                        gazetteer.awaitReady();
                        return gazetteer;
                    })).toList();
            go.countDown();
            for (CompletableFuture<Gazetteer> start : starts) {
                assertThat(start.get().failure()).isEmpty();
                assertThat(start.get().index().communePoliceCount()).isEqualTo(3319);
            }

            MongoTemplate mongo = new MongoTemplate(first, "tipline");
            assertThat(mongo.getCollection(GazetteerRecords.COMMUNES).countDocuments()).isEqualTo(3321);
            assertThat(mongo.getCollection(PoliceUnit.COLLECTION).countDocuments()).isEqualTo(3319 + 34);
            assertThat(mongo.getCollection(GazetteerLease.COLLECTION).find().first().get("owner")).isNull();
        } finally {
            logger.detachAppender(events);
        }
        assertThat(events.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(events.list).filteredOn(e -> e.getFormattedMessage().contains("] stored: ")).hasSize(1);
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
