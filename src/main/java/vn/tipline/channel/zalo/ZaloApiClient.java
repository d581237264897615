package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import vn.tipline.channel.PlatformHttp;

import java.io.IOException;
import java.io.InputStream;

/** The few Zalo OA Open API calls the tip line makes, over OkHttp with a configurable base URL. */
class ZaloApiClient {

    /** The largest evidence file taken (tipline.evidence); a larger one is not downloaded. */
    static final int MAX_DOWNLOAD = 20 * 1024 * 1024;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final ZaloProperties properties;

    ZaloApiClient(OkHttpClient http, ObjectMapper json, ZaloProperties properties) {
        this.http = http;
        this.json = json;
        this.properties = properties;
    }

    /** Zalo answers HTTP 200 with the outcome in the body: {"error": 0 | negative code, "message": ...}. */
    record Outcome(int error, String message) {

        boolean ok() {
            return error == 0;
        }

        boolean tokenRejected() {
            return error == -216 || error == -220 || error == -124;
        }

        /** Outside the 7-day interaction window, or the user does not follow the OA: retrying cannot help. */
        boolean undeliverable() {
            return error == -230 || error == -213 || error == -201;
        }

        boolean rateLimited() {
            return error == -32;
        }

        boolean quotaExceeded() {
            return error == -211 || error == -218;
        }
    }

    /** Sends one consultation message ({@code message} is Zalo's message object). */
    Outcome sendConsultation(String accessToken, String userId, ObjectNode message) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.putObject("recipient").put("user_id", userId);
        body.set("message", message);
        Request request = new Request.Builder().url(properties.apiUrl() + "/v3.0/oa/message/cs")
                .header("access_token", accessToken)
                .post(RequestBody.create(json.writeValueAsBytes(body), JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() >= 500) {
                throw new IOException("Zalo answered HTTP " + response.code());
            }
            JsonNode answer = json.readTree(response.body() == null ? "{}" : response.body().string());
            return new Outcome(answer.path("error").asInt(response.isSuccessful() ? 0 : -1),
                    answer.path("message").asText(""));
        }
    }

    /** An uploaded picture's id for messages, or why Zalo refused it. */
    record Uploaded(Outcome outcome, String attachmentId) {
    }

    /** Uploads a picture (JPEG or PNG, at most 1 MB) for use in messages: {@code /v2.0/oa/upload/image}. */
    Uploaded uploadImage(String accessToken, byte[] data, String contentType) throws IOException {
        String type = "image/png".equals(contentType) ? "image/png" : "image/jpeg";
        RequestBody file = RequestBody.create(data, MediaType.get(type));
        RequestBody form = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
                .addFormDataPart("file", type.equals("image/png") ? "image.png" : "image.jpg", file).build();
        Request request = new Request.Builder().url(properties.apiUrl() + "/v2.0/oa/upload/image")
                .header("access_token", accessToken).post(form).build();
        try (Response response = PlatformHttp.transfer(http, http.newCall(request)).execute()) {
            if (response.code() >= 500) {
                throw new IOException("Zalo answered HTTP " + response.code());
            }
            JsonNode answer = json.readTree(response.body() == null ? "{}" : response.body().string());
            Outcome outcome = new Outcome(answer.path("error").asInt(response.isSuccessful() ? 0 : -1),
                    answer.path("message").asText(""));
            String id = answer.path("data").path("attachment_id").asText("");
            return new Uploaded(outcome.ok() && id.isEmpty() ? new Outcome(-1, "no attachment_id") : outcome, id);
        }
    }

    /** Downloads an image or file a user sent, up to 20 MB; null if it is larger. */
    byte[] download(String url) throws IOException {
        Request request = new Request.Builder().url(url).get().build();
        try (Response response = PlatformHttp.transfer(http, http.newCall(request)).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                throw new IOException("download answered HTTP " + response.code());
            }
            if (body.contentLength() > MAX_DOWNLOAD) {
                return null;
            }
            try (InputStream in = body.byteStream()) {
                byte[] data = in.readNBytes(MAX_DOWNLOAD + 1);
                return data.length > MAX_DOWNLOAD ? null : data;
            }
        }
    }
}
