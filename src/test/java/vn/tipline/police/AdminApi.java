package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The police admin API over real HTTP, as an administrator's script would call it. */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The administrator these tests act as (the first-run account, with a configured password). */
    static final String ADMIN_PASSWORD = "tipline.officer.admin-password=police tests 2026";
    private static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("admin:police tests 2026".getBytes(StandardCharsets.UTF_8));

    record Response(int status, JsonNode body, String raw) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    AdminApi(int port) {
        this.base = "http://localhost:" + port;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    Response post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Response postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    Response patchJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    Response putJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    Response upload(String path, String fileName, String contentType, byte[] data) {
        String boundary = "----police" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(data, 0, body, head.length, data.length);
        System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
        return post(path, "multipart/form-data; boundary=" + boundary, body);
    }

    private Response send(HttpRequest unsigned) {
        HttpRequest request = HttpRequest.newBuilder(unsigned, (name, value) -> true)
                .header("Authorization", AUTHORIZATION).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = null;
            try {
                body = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // Kept raw.
            }
            return new Response(response.statusCode(), body, response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
