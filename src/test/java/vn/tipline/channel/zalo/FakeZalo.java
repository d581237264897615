package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback fake of the Zalo OA Open API and OAuth server, following their contracts: errors in
 * the body with HTTP 200, string expires_in, single-use rotating refresh tokens that reject reuse.
 */
final class FakeZalo implements AutoCloseable {

    static final String APP_ID = "1234567890";
    static final String APP_SECRET = "app-secret-xyz";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger counter = new AtomicInteger();
    volatile String validRefreshToken = "refresh-0";
    private final Set<String> spentRefreshTokens = ConcurrentHashMap.newKeySet();
    volatile String validAccessToken = null;
    final Set<String> usersOutsideWindow = ConcurrentHashMap.newKeySet();
    final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger refreshCalls = new AtomicInteger();
    final AtomicInteger rejectedSends = new AtomicInteger();
    /** The next this many sends get an HTTP 500 with a proxy's HTML page (Zalo down for a while). */
    final AtomicInteger serverErrors = new AtomicInteger();
    /** The next this many sends are refused with -32 (rate limit; HTTP 200, like every Zalo error). */
    final AtomicInteger rateLimited = new AtomicInteger();
    /** The next this many sends are carried out but answered only after {@link #stall} (Zalo slow for a while). */
    final AtomicInteger stalls = new AtomicInteger();
    volatile Duration stall = Duration.ofSeconds(3);
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** Pictures uploaded for messages, by the attachment id handed back. */
    final Map<String, byte[]> uploads = new ConcurrentHashMap<>();

    FakeZalo() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v4/oa/access_token", this::token);
        server.createContext("/v3.0/oa/message/cs", this::send);
        server.createContext("/files/", this::file);
        server.createContext("/v2.0/oa/upload/image", this::upload);
        // A thread per call, like a real server: a stalled call does not hold up the next one.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-zalo");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The access token stops working, as after its ~25 h lifetime. */
    void expireAccessToken() {
        validAccessToken = "expired-" + counter.incrementAndGet();
    }

    List<String> textsTo(String userId) {
        return sent.stream().filter(m -> m.path("recipient").path("user_id").asText().equals(userId))
                .map(m -> m.path("message").path("text").asText()).toList();
    }

    private void token(HttpExchange exchange) throws IOException {
        refreshCalls.incrementAndGet();
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!APP_SECRET.equals(exchange.getRequestHeaders().getFirst("secret_key")) || !APP_ID.equals(form.get("app_id"))) {
            reply(exchange, "{\"error\":-14002,\"error_name\":\"Invalid app secret\"}");
            return;
        }
        String given = form.get("refresh_token");
        if (given == null || spentRefreshTokens.contains(given) || !given.equals(validRefreshToken)) {
            reply(exchange, "{\"error\":-14014,\"error_name\":\"Invalid refresh token\",\"error_reason\":\"used or revoked\"}");
            return;
        }
        spentRefreshTokens.add(given);
        int n = counter.incrementAndGet();
        validRefreshToken = "refresh-" + n;
        validAccessToken = "access-" + n;
        reply(exchange, "{\"access_token\":\"" + validAccessToken + "\",\"refresh_token\":\"" + validRefreshToken
                + "\",\"expires_in\":\"90000\"}");
    }

    private void send(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        if (serverErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            byte[] page = "<html><body>500 Internal Server Error</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(500, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("access_token");
        if (token == null || !token.equals(validAccessToken)) {
            rejectedSends.incrementAndGet();
            reply(exchange, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
            return;
        }
        String user = body.path("recipient").path("user_id").asText();
        if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, "{\"error\":-32,\"message\":\"The request exceeded the limit\"}");
            return;
        }
        boolean stalled = stalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (stalled) {
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (usersOutsideWindow.contains(user)) {
            reply(exchange, "{\"error\":-230,\"message\":\"User has not interacted with the OA in the last 7 days\"}");
            return;
        }
        if (body.path("message").path("text").asText().length() > 2000) {
            reply(exchange, "{\"error\":-201,\"message\":\"Text is too long\"}");
            return;
        }
        sent.add(body);
        reply(exchange, "{\"error\":0,\"message\":\"Success\",\"data\":{\"message_id\":\"m" + counter.incrementAndGet()
                + "\",\"user_id\":\"" + user + "\"}}");
    }

    /** Zalo's image upload: multipart field "file", JPEG or PNG up to 1 MB; answers data.attachment_id. */
    private void upload(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestHeaders().getFirst("access_token");
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (token == null || !token.equals(validAccessToken)) {
            reply(exchange, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
            return;
        }
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String head = new String(body, 0, Math.min(body.length, 400), StandardCharsets.ISO_8859_1);
        if (!contentType.startsWith("multipart/form-data") || !head.contains("name=\"file\"")
                || !(head.contains("Content-Type: image/jpeg") || head.contains("Content-Type: image/png"))) {
            reply(exchange, "{\"error\":-210,\"message\":\"Invalid file\"}");
            return;
        }
        if (body.length > 1024 * 1024 + 1024) {
            reply(exchange, "{\"error\":-210,\"message\":\"File size exceeds 1MB\"}");
            return;
        }
        String id = "att" + counter.incrementAndGet();
        uploads.put(id, body);
        reply(exchange, "{\"error\":0,\"message\":\"Success\",\"data\":{\"attachment_id\":\"" + id + "\"}}");
    }

    private void file(HttpExchange exchange) throws IOException {
        byte[] data = files.get(exchange.getRequestURI().getPath().substring("/files/".length()));
        if (data == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
        exchange.sendResponseHeaders(200, data.length);
        exchange.getResponseBody().write(data);
        exchange.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
