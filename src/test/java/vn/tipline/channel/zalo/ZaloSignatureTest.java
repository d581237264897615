package vn.tipline.channel.zalo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ZaloSignatureTest {

    private static final byte[] BODY = "{\"app_id\":\"1\",\"event_name\":\"user_send_text\",\"timestamp\":\"1764057600000\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureIsPlainSha256OfAppIdBodyTimestampAndSecret() {
        // sha256("1" + body + "1764057600000" + "secret"), computed independently with sha256sum.
        String expected = ZaloSignature.sign("1", BODY, "1764057600000", "secret");
        assertThat(expected).isEqualTo("mac=bea2c072a1935ed85c1c03bc659613f01eb57d72598ed571f556b5636a60b381");
        assertThat(ZaloSignature.verify(expected, "1", BODY, "1764057600000", "secret")).isTrue();
        assertThat(ZaloSignature.verify(expected.toUpperCase().replace("MAC=", "mac="), "1", BODY, "1764057600000", "secret")).isTrue();
    }

    @Test
    void anyChangeBreaksTheSignature() {
        String good = ZaloSignature.sign("1", BODY, "1764057600000", "secret");
        assertThat(ZaloSignature.verify(good, "1", BODY, "1764057600001", "secret")).isFalse();
        assertThat(ZaloSignature.verify(good, "1", BODY, "1764057600000", "other")).isFalse();
        byte[] tampered = BODY.clone();
        tampered[5] = 'x';
        assertThat(ZaloSignature.verify(good, "1", tampered, "1764057600000", "secret")).isFalse();
        assertThat(ZaloSignature.verify(null, "1", BODY, "1764057600000", "secret")).isFalse();
        assertThat(ZaloSignature.verify("mac=", "1", BODY, "1764057600000", "secret")).isFalse();
    }
}
