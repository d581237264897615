package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import vn.tipline.channel.PlatformHttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small direct client of the Telegram Bot API: {@code POST {base}/bot{token}/{method}} with a JSON
 * body, the {@code {"ok":...}} envelope unwrapped, errors as {@link BotApiException}, and file
 * downloads from {@code {base}/file/bot{token}/{path}}. The token is part of every URL, so URLs are
 * never logged and exceptions carry only Telegram's error code and description.
 */
class BotApiClient {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final OkHttpClient polling;
    private final HttpUrl base;
    private final String token;
    private final ObjectMapper json;
    private final AtomicReference<Call> currentPoll = new AtomicReference<>();
    /** A method's URL, built once: the few methods the tip line calls, each on every reply. */
    private final Map<String, HttpUrl> methodUrls = new ConcurrentHashMap<>();

    /**
     * @param requestTimeout the longest a call may take (a file's transfer: {@link PlatformHttp#TRANSFER_EXTRA} more)
     * @param callers        how many threads may call at once
     */
    BotApiClient(String apiUrl, String token, Duration requestTimeout, Duration pollTimeout, int callers,
                 ObjectMapper json) {
        HttpUrl parsed = HttpUrl.parse(apiUrl);
        if (parsed == null) {
            throw new IllegalStateException("TELEGRAM_API_URL is not a valid http(s) URL");
        }
        this.base = parsed;
        this.token = token.strip();
        this.json = json;
        this.http = PlatformHttp.builder(requestTimeout, callers)
                .retryOnConnectionFailure(false)
                .build();
        this.polling = http.newBuilder()
                .readTimeout(pollTimeout.plusSeconds(15))
                .callTimeout(pollTimeout.plusSeconds(30))
                .build();
    }

    /** Calls a method with a JSON body and returns its {@code result}. */
    JsonNode call(String method, String jsonBody) throws IOException, BotApiException {
        return execute(http.newCall(post(method, RequestBody.create(jsonBody, JSON_TYPE))));
    }

    JsonNode call(String method, Object params) throws IOException, BotApiException {
        return call(method, json.writeValueAsString(params));
    }

    /** A multipart call (sendPhoto with an uploaded file). */
    JsonNode upload(String method, Map<String, String> fields, String fileField, byte[] data, String contentType,
                    String fileName) throws IOException, BotApiException {
        MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM);
        fields.forEach(body::addFormDataPart);
        body.addFormDataPart(fileField, fileName, RequestBody.create(data, MediaType.get(contentType)));
        return execute(PlatformHttp.transfer(http, http.newCall(post(method, body.build()))));
    }

    /** getUpdates as a long poll; {@link #cancelPoll()} ends a waiting call at once (shutdown). */
    JsonNode getUpdates(Long offset, int timeoutSeconds, java.util.List<String> allowedUpdates)
            throws IOException, BotApiException {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        if (offset != null) {
            params.put("offset", offset);
        }
        params.put("limit", 100);
        params.put("timeout", timeoutSeconds);
        params.put("allowed_updates", allowedUpdates);
        Call call = polling.newCall(post("getUpdates", RequestBody.create(json.writeValueAsString(params), JSON_TYPE)));
        currentPoll.set(call);
        try {
            return execute(call);
        } finally {
            currentPoll.compareAndSet(call, null);
        }
    }

    void cancelPoll() {
        Call call = currentPoll.get();
        if (call != null) {
            call.cancel();
        }
    }

    /** Downloads a file found with getFile; refuses (returns null) a file larger than {@code maxBytes}. */
    byte[] download(String filePath, long maxBytes) throws IOException, BotApiException {
        HttpUrl url = base.newBuilder().addPathSegment("file").addPathSegment("bot" + token)
                .addPathSegments(filePath).build();
        Call call = PlatformHttp.transfer(http, http.newCall(new Request.Builder().url(url).get().build()));
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                throw new BotApiException(response.code(), "file download failed", null);
            }
            if (body.contentLength() > maxBytes) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = body.byteStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    if (out.size() > maxBytes) {
                        return null;
                    }
                }
            }
            return out.toByteArray();
        }
    }

    private Request post(String method, RequestBody body) {
        HttpUrl url = methodUrls.computeIfAbsent(method,
                m -> base.newBuilder().addPathSegment("bot" + token).addPathSegment(m).build());
        return new Request.Builder().url(url).post(body).build();
    }

    private JsonNode execute(Call call) throws IOException, BotApiException {
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            JsonNode envelope;
            try {
                envelope = json.readTree(text);
            } catch (IOException notJson) {
                envelope = null;
            }
            if (envelope == null || !envelope.isObject() || !envelope.has("ok")) {
                // A proxy's HTML error page, an empty 502: only the status is known.
                throw new BotApiException(response.code(), "HTTP " + response.code() + " without a Bot API answer", null);
            }
            if (envelope.path("ok").asBoolean(false)) {
                return envelope.path("result");
            }
            JsonNode retry = envelope.path("parameters").path("retry_after");
            throw new BotApiException(envelope.path("error_code").asInt(response.code()),
                    envelope.path("description").asText(""), retry.isNumber() ? retry.asInt() : null);
        }
    }
}
