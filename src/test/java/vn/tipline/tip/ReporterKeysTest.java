package vn.tipline.tip;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ReporterKeysTest {

    private final ReporterKeys keys = TestReporterKeys.create();

    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(TestReporterKeys.SECRET), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChatHasOneKeyWhicheverThreadAsksAndHowOften() throws Exception {
        String first = keys.keyFor("telegram", "555");
        // A Mac kept between calls must start afresh each time: the same chat, the same key.
        assertThat(keys.keyFor("zalo", "555")).isNotEqualTo(first).isEqualTo(hmac("zalo:555"));
        assertThat(keys.keyFor("telegram", "555")).isEqualTo(first).isEqualTo(hmac("telegram:555"));
        assertThat(CompletableFuture.supplyAsync(() -> keys.keyFor("telegram", "555")).get()).isEqualTo(first);
    }
}
