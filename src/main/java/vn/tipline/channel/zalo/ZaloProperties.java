package vn.tipline.channel.zalo;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * A Zalo Official Account. The channel is on when the app id, the OA secret key and a refresh
 * token (or a stored token pair) are configured.
 *
 * @param signatureWindow how old a webhook event's timestamp may be before it is refused as a replay
 * @param requestTimeout  how long a call to Zalo may take, all of it, before it is given up (a send is then
 *                        retried); a picture's upload or a file's download may take 10 s more
 * @param rateLimitWait   how long a chat's messages wait after Zalo answers -32 (rate limit), which says no time
 */
@ConfigurationProperties(prefix = "tipline.zalo")
public record ZaloProperties(String appId, String appSecret, String oaSecretKey, String refreshToken,
                             String apiUrl, String oauthUrl, Duration signatureWindow, Duration refreshMargin,
                             Duration requestTimeout, Duration rateLimitWait) {

    public ZaloProperties {
        apiUrl = blankTo(apiUrl, "https://openapi.zalo.me");
        oauthUrl = blankTo(oauthUrl, "https://oauth.zaloapp.com");
        if (signatureWindow == null) {
            signatureWindow = Duration.ofMinutes(5);
        }
        if (refreshMargin == null) {
            refreshMargin = Duration.ofMinutes(10);
        }
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(30));
        rateLimitWait = positive(rateLimitWait, Duration.ofSeconds(30));
    }

    private static Duration positive(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }

    private static String blankTo(String value, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    public boolean enabled() {
        return appId != null && !appId.isBlank() && oaSecretKey != null && !oaSecretKey.isBlank();
    }
}
