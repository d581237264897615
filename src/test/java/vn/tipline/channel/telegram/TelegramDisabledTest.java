package vn.tipline.channel.telegram;

import vn.tipline.channel.InboundPipeline;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.outbox.OutboxTransport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Without TELEGRAM_BOT_TOKEN the service runs without the channel: nothing calls Telegram. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TelegramDisabledTest {

    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @Test
    void withoutATokenNoTelegramBeanExistsAndTheWebhookIsNotFound() throws Exception {
        assertThat(context.getBeansOfType(BotApiClient.class)).isEmpty();
        assertThat(context.getBeansOfType(InboundPipeline.class)).isEmpty();
        assertThat(context.getBeansOfType(TelegramStartup.class)).isEmpty();
        assertThat(context.getBeansOfType(OutboxTransport.class)).isEmpty();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhook/telegram"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"update_id\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }
}
