package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * Zalo's OAuth server: trades the single-use refresh token for a new access and refresh token.
 * Storing the pair, and making sure only one instance asks, is {@link ZaloTokens}' work.
 */
class ZaloOAuthClient {

    record Refreshed(String accessToken, String refreshToken, long expiresInSeconds) {
    }

    /** The refresh was refused or could not be asked; the message is safe to log and show to admins. */
    static final class RefreshFailed extends Exception {
        RefreshFailed(String message) {
            super(message);
        }
    }

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final ZaloProperties properties;

    ZaloOAuthClient(OkHttpClient http, ObjectMapper json, ZaloProperties properties) {
        this.http = http;
        this.json = json;
        this.properties = properties;
    }

    Refreshed refresh(String refreshToken) throws RefreshFailed {
        Request request = new Request.Builder().url(properties.oauthUrl() + "/v4/oa/access_token")
                .header("secret_key", properties.appSecret() == null ? "" : properties.appSecret())
                .post(new FormBody.Builder().add("refresh_token", refreshToken)
                        .add("app_id", properties.appId()).add("grant_type", "refresh_token").build())
                .build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode body = json.readTree(response.body() == null ? "{}" : response.body().string());
            String access = body.path("access_token").asText("");
            String refresh = body.path("refresh_token").asText("");
            if (response.isSuccessful() && !access.isEmpty() && !refresh.isEmpty()) {
                return new Refreshed(access, refresh, body.path("expires_in").asLong(90_000)); // a string in Zalo's answer
            }
            throw new RefreshFailed("HTTP " + response.code() + " error " + body.path("error").asText("?") + " "
                    + body.path("error_name").asText(body.path("message").asText("")));
        } catch (IOException e) {
            throw new RefreshFailed("OAuth server unreachable: " + e.getClass().getSimpleName());
        }
    }
}
