package vn.tipline.channel.telegram;

import org.junit.jupiter.api.Test;
import vn.tipline.outbox.Delivery;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What each Bot API error means for a queued message. */
class TelegramTransportTest {

    @Test
    void errorsAreSortedIntoWaitRetryDropAndUnreachable() {
        assertThat(TelegramTransport.classify(new BotApiException(429, "Too Many Requests: retry after 7", 7)))
                .isEqualTo(new Delivery.RetryAfter(Duration.ofSeconds(7), "429"));
        assertThat(TelegramTransport.classify(new BotApiException(403, "Forbidden: bot was blocked by the user", null)))
                .isEqualTo(new Delivery.Unreachable("blocked"));
        assertThat(TelegramTransport.classify(new BotApiException(403, "Forbidden: user is deactivated", null)))
                .isEqualTo(new Delivery.Unreachable("deactivated"));
        assertThat(TelegramTransport.classify(new BotApiException(400, "Bad Request: chat not found", null)))
                .isEqualTo(new Delivery.Unreachable("chat_not_found"));
        assertThat(TelegramTransport.classify(new BotApiException(400, "Bad Request: message is too long", null)))
                .isEqualTo(new Delivery.Rejected("bad_request"));
        assertThat(TelegramTransport.classify(new BotApiException(502, "Bad Gateway", null)))
                .isEqualTo(new Delivery.Transient("502"));
        // A revoked token: keep the messages until an operator fixes it.
        assertThat(TelegramTransport.classify(new BotApiException(401, "Unauthorized", null)))
                .isEqualTo(new Delivery.Transient("401"));
    }
}
