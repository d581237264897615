package vn.tipline.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP session on the officers' page (cookies, CSRF token from the forms), without a browser. */
public final class PageSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String forwardedFor;
    private String csrf;

    public PageSession(int port) {
        this(port, null);
    }

    /** A browser at {@code address} behind the reverse proxy (see {@link Http#from}). */
    public PageSession(int port, String address) {
        this.base = "http://localhost:" + port;
        this.forwardedFor = address;
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** Posts a form with the CSRF token of the last page seen (unless {@code withCsrf} is false). */
    public HttpResponse<String> post(String path, Map<String, String> form, boolean withCsrf) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(form);
        if (withCsrf && csrf != null) {
            fields.put("_csrf", csrf);
        }
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Signs in through the form; returns where the server sent us. */
    public String signIn(String username, String password) {
        get("/admin/login");
        HttpResponse<String> response = post("/admin/login", Map.of("username", username, "password", password), true);
        return response.headers().firstValue("Location").orElse("");
    }

    private HttpResponse<String> send(HttpRequest unsent) {
        HttpRequest request = forwardedFor == null ? unsent
                : HttpRequest.newBuilder(unsent, (name, value) -> true).header("X-Forwarded-For", forwardedFor).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
