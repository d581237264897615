package vn.tipline.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ConnectionString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.tipline.outbox.Outbox;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.TcpProxy;
import vn.tipline.support.TelegramUpdates;
import vn.tipline.support.WebChatClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store becomes unreachable for a while (every connection dropped, new ones refused, through
 * a proxy in front of it) while citizens write: Telegram's webhook answers 503 so Telegram delivers
 * the update again, the web chat answers a clear 503, the health check says DOWN; when the store is
 * back the service recovers by itself, and each update, redelivered or acknowledged just before
 * the cut, is answered exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tipline.store.server-selection-timeout=PT2S",
        "tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
        "tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
        "tipline.telegram.chat-interval=PT0.01S",
        "tipline.telegram.resume-interval=PT0.5S",
        "tipline.telegram.update-lease=PT3S",
        "tipline.outbox.lease=PT3S",
        "tipline.outbox.backoff-initial=PT0.05S",
        "tipline.outbox.backoff-max=PT0.5S",
        "tipline.outbox.idle-wait=PT0.2S"})
@ActiveProfiles("test")
class StoreOutageTest {

    private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final EmbeddedMongoServer store = EmbeddedMongoServer.start(tempDir());
    static final TcpProxy proxy = TcpProxy.start(host(), port());
    static final FakeTelegram telegram = FakeTelegram.start();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tipline-outage");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String host() {
        return new ConnectionString(store.connectionString("tipline")).getHosts().get(0).split(":")[0];
    }

    private static int port() {
        return Integer.parseInt(new ConnectionString(store.connectionString("tipline")).getHosts().get(0).split(":")[1]);
    }

    @DynamicPropertySource
    static void storeBehindTheProxy(DynamicPropertyRegistry registry) {
        registry.add("tipline.store.mongodb-uri", () -> "mongodb://127.0.0.1:" + proxy.port() + "/tipline");
        registry.add("tipline.telegram.api-url", telegram::url);
    }

    @AfterAll
    static void stop() {
        telegram.close();
        proxy.close();
        store.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    Outbox outbox;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                // Far below the driver's default 30 s wait for a server: the answer must not hang.
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            request.header(SECRET_HEADER, secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int webhook(ObjectNode update) throws Exception {
        return post("/webhook/telegram", update.toString(), telegram.webhookSecret()).statusCode();
    }

    private ObjectNode update(ObjectNode update) {
        update.put("update_id", telegram.nextUpdateId());
        return update;
    }

    private long count(String chat, String text) {
        return telegram.delivered(chat).stream().filter(c -> c.text().contains(text)).count();
    }

    private static void assertServiceUnavailable(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(503);
    }

    @Test
    void anUnreachableStoreGets503sAndTheServiceRecoversByItselfAnsweringEachUpdateOnce() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.webhookSecret() != null);
        // The gazetteer loads once the service is up. Loading after the outage, it would compete with the
        // updates handled then, and a handling slowed past this test's 3 s lease is taken up again.
        await().atMost(Duration.ofSeconds(60)).until(() -> health().body().contains("\"gazetteer\":{\"status\":\"UP\""));
        String alice = "7500000001";
        String bob = "7500000002";
        assertThat(webhook(update(TelegramUpdates.text(Long.parseLong(alice), "/start")))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(alice, "Bạn muốn làm gì?") == 1);
        // The main menu's first button: "Báo tin".
        String payload = telegram.delivered(alice).get(telegram.delivered(alice).size() - 1).params()
                .path("reply_markup").path("inline_keyboard").path(0).path(0).path("callback_data").asText();
        ObjectNode press = update(TelegramUpdates.callback(Long.parseLong(alice), payload));

        // Acknowledged just before the cut: its handling or its reply may be caught by the outage.
        assertThat(webhook(update(TelegramUpdates.text(Long.parseLong(bob), "/start")))).isEqualTo(200);
        // Opening a web chat stores nothing: its first message is what needs the store.
        WebChatClient early = WebChatClient.open(port);
        proxy.cut();

        assertServiceUnavailable(post("/webhook/telegram", press.toString(), telegram.webhookSecret()));
        assertServiceUnavailable(early.postRaw("application/json", "{\"text\":\"/menu\"}"));
        HttpResponse<String> down = health();
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.body()).contains("DOWN");

        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> health().statusCode() == 200);
        // Telegram delivers again what was not answered 200, maybe more than once.
        assertThat(webhook(press)).isEqualTo(200);
        assertThat(webhook(press)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> count(alice, "Tin báo của bạn về việc gì?") >= 1
                && count(bob, "Bạn muốn làm gì?") >= 1
                && !outbox.hasPending("telegram", alice) && !outbox.hasPending("telegram", bob));
        assertThat(count(alice, "Tin báo của bạn về việc gì?")).isEqualTo(1);
        assertThat(count(alice, "Bạn muốn làm gì?")).isEqualTo(1);
        assertThat(count(bob, "Bạn muốn làm gì?")).isEqualTo(1);

        WebChatClient citizen = WebChatClient.open(port);
        assertThat(citizen.lastText()).contains("Bạn muốn làm gì?");
        citizen.press("Báo tin");
        assertThat(citizen.lastText()).contains("Tin báo của bạn về việc gì?");
    }
}
