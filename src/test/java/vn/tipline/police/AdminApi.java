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
    private static final String ADMIN = "admin";
    private static final String PASSWORD = "police tests 2026";

    record Response(int status, JsonNode body, String raw) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String base;
    private final String authorization;

    AdminApi(int port) {
        this(port, ADMIN, PASSWORD);
    }

    /** As another account (password already chosen, see {@link #account}). */
    AdminApi(int port, String username, String password) {
        this.port = port;
        this.base = "http://localhost:" + port;
        this.authorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates an account through the accounts API as the administrator and sets its password
     * (as its owner would at first sign-in); returns the API as that account.
     */
    AdminApi account(String username, String role, java.util.List<String> units, String province) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("username", username);
        body.put("role", role);
        body.put("units", units);
        body.put("province", province);
        Response created = postJson("/api/admin/accounts", json(body));
        if (created.status() != 201) {
            throw new IllegalStateException("account not created: " + created.raw());
        }
        String oneTime = created.body().get("oneTimePassword").asText();
        Response changed = new AdminApi(port, username, oneTime).postJson("/api/admin/me/password",
                json(java.util.Map.of("currentPassword", oneTime, "newPassword", PASSWORD)));
        if (changed.status() != 204) {
            throw new IllegalStateException("password not changed: " + changed.raw());
        }
        return new AdminApi(port, username, PASSWORD);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
                .header("Authorization", authorization).build();
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
