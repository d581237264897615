package vn.tipline.channel.zalo;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * A Zalo Official Account. The channel is on when the app id, the OA secret key and a refresh
 * token (or a stored token pair) are configured.
 *
 * @param signatureWindow how old a webhook event's timestamp may be before it is refused as a replay
 */
@ConfigurationProperties(prefix = "tipline.zalo")
public record ZaloProperties(String appId, String appSecret, String oaSecretKey, String refreshToken,
                             String apiUrl, String oauthUrl, Duration signatureWindow, Duration refreshMargin) {

    public ZaloProperties {
        apiUrl = blankTo(apiUrl, "https://openapi.zalo.me");
        oauthUrl = blankTo(oauthUrl, "https://oauth.zaloapp.com");
        if (signatureWindow == null) {
            signatureWindow = Duration.ofMinutes(5);
        }
        if (refreshMargin == null) {
            refreshMargin = Duration.ofMinutes(10);
        }
    }

    private static String blankTo(String value, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    public boolean enabled() {
        return appId != null && !appId.isBlank() && oaSecretKey != null && !oaSecretKey.isBlank();
    }
}
