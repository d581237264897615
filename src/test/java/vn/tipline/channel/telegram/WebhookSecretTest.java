package vn.tipline.channel.telegram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecretTest {

    @Test
    void aGeneratedSecretIsKeptAcrossRestarts(@TempDir Path dataDir) {
        WebhookSecret first = WebhookSecret.resolve("", dataDir);
        assertThat(first.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(WebhookSecret.resolve(null, dataDir).value()).isEqualTo(first.value());
        assertThat(first.matches(first.value())).isTrue();
        assertThat(first.matches(first.value() + "x")).isFalse();
        assertThat(first.matches(null)).isFalse();
        assertThat(first.toString()).doesNotContain(first.value());
    }

    @Test
    void aConfiguredSecretMustFollowTelegramsRule(@TempDir Path dataDir) {
        assertThat(WebhookSecret.resolve("my_Secret-1", dataDir).value()).isEqualTo("my_Secret-1");
        assertThatThrownBy(() -> WebhookSecret.resolve("has spaces!", dataDir))
                .hasMessageContaining("TELEGRAM_WEBHOOK_SECRET");
    }
}
