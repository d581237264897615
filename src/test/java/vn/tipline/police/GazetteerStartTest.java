package vn.tipline.police;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gazetteer loads once the service is ready, not while its context is being built: on 2 cores
 * the load took a core from the rest of the start (bench/README.md: start-up).
 */
class GazetteerStartTest {

    @Test
    void theLoadBeginsWhenTheServiceIsReadyNotWhileItStarts(@TempDir Path dir) {
        PoliceProperties properties = new PoliceProperties(null, null, 8, 10, 5, 3, 30);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("tipline"));
             AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            MongoTemplate mongo = new MongoTemplate(client, "tipline");
            context.registerBean(MongoTemplate.class, () -> mongo);
            context.registerBean(PoliceProperties.class, () -> properties);
            context.registerBean(Clock.class, Clock::systemUTC);
            context.register(Gazetteer.class);
            Set<Thread> before = loaders();
            context.refresh();
            Gazetteer gazetteer = context.getBean(Gazetteer.class);

            assertThat(loaders()).as("a loader started with the context").isEqualTo(before);
            assertThat(gazetteer.isLoading()).isTrue();

            context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
            await().atMost(Duration.ofSeconds(90)).until(() -> !gazetteer.isLoading());
            assertThat(gazetteer.failure()).isEmpty();
            assertThat(gazetteer.index().communePoliceCount()).isEqualTo(3319);
        }
    }

    private static Set<Thread> loaders() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("gazetteer-load"))
                .collect(Collectors.toSet());
    }
}
