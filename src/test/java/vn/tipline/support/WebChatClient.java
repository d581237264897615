package vn.tipline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A citizen in the web chat, talking to a running service over real HTTP as the page does: the
 * session token goes in the Authorization header only, and every address this client requests is
 * checked not to carry it ({@link #requestedPaths()}).
 */
public final class WebChatClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;
    private final String forwardedFor;
    private final List<String> requested = new ArrayList<>();
    private JsonNode last;

    private WebChatClient(String base, String session, String forwardedFor, JsonNode messages) {
        this.base = base;
        this.session = session;
        this.forwardedFor = forwardedFor;
        this.last = messages;
    }

    /** Opens a new web chat session on {@code http://localhost:port}. */
    public static WebChatClient open(int port) {
        return open(port, null);
    }

    /**
     * Opens a session as a client at {@code address}, told to the service the way a reverse proxy
     * tells it ({@code X-Forwarded-For}; heeded with {@code server.forward-headers-strategy=native}).
     */
    public static WebChatClient open(int port, String address) {
        String base = "http://localhost:" + port + "/api/chat";
        try {
            HttpResponse<String> response = start(port, address);
            if (response.statusCode() != 201) {
                throw new IllegalStateException("session start answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new WebChatClient(base, body.get("session").asText(), address, body.get("messages"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One {@code POST /api/chat/sessions}, as is (for tests of refusals). */
    public static HttpResponse<String> start(int port, String address) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/chat/sessions"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Continues an existing session, as a page reload does. */
    public static WebChatClient resume(int port, String session) {
        return new WebChatClient("http://localhost:" + port + "/api/chat", session, null, JSON.createArrayNode());
    }

    /** The session token (what the page keeps in its tab's storage). */
    public String session() {
        return session;
    }

    /** Every path and query this client has requested after the session started. */
    public List<String> requestedPaths() {
        return List.copyOf(requested);
    }

    public WebChatClient say(String text) {
        return post(JSON.createObjectNode().put("text", text).toString());
    }

    /** Presses the button whose label contains {@code label} in the last replies. */
    public WebChatClient press(String label) {
        for (JsonNode message : last) {
            for (JsonNode button : message.path("buttons")) {
                if (button.get("label").asText().contains(label)) {
                    return pressPayload(button.get("payload").asText());
                }
            }
        }
        throw new AssertionError("no button '" + label + "' in " + last);
    }

    public WebChatClient pressPayload(String payload) {
        return post(JSON.createObjectNode().put("button", payload).toString());
    }

    public WebChatClient shareLocation(double latitude, double longitude) {
        return post(JSON.createObjectNode().put("latitude", latitude).put("longitude", longitude).toString());
    }

    public WebChatClient sendPhoto(byte[] data, String contentType) {
        return sendFile(data, contentType, "IMG_0001.jpg");
    }

    /** Uploads a file as the chat page's file input does, with the name the phone gave it. */
    public WebChatClient sendFile(byte[] data, String contentType, String fileName) {
        String boundary = "----tipline" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(data, 0, body, head.length, data.length);
        System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
        return send(request("/media")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Polls the session's inbox (officers' follow-ups, relay answers), as the chat page does; they become the last replies. */
    public WebChatClient inbox() {
        return send(request("/inbox").GET().build());
    }

    /** Polls the session's inbox (officers' follow-ups, relay answers) like the page does; the texts, each handed out once. */
    public List<String> inboxTexts() {
        try {
            HttpResponse<String> response = exchange(request("/inbox").GET().build());
            if (response.statusCode() != 200) {
                throw new AssertionError("inbox answered " + response.statusCode() + ": " + response.body());
            }
            List<String> texts = new ArrayList<>();
            JSON.readTree(response.body()).get("messages").forEach(m -> texts.add(m.get("text").asText()));
            return texts;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The conversation so far, as a reloaded page asks for it ({@code GET /api/chat/history}), answered as is. */
    public HttpResponse<String> history() {
        return exchange(request("/history").GET().build());
    }

    /** Posts a message body as is and returns the answer as is (for tests of refusals). */
    public HttpResponse<String> postRaw(String contentType, String body) {
        return exchange(request("/messages").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + session);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        String target = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
        if (target.contains(session)) {
            throw new AssertionError("the session token is in the address " + target);
        }
        requested.add(target);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebChatClient post(String json) {
        return send(request("/messages").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    private WebChatClient send(HttpRequest request) {
        try {
            HttpResponse<String> response = exchange(request);
            if (response.statusCode() != 200) {
                throw new AssertionError("chat answered " + response.statusCode() + ": " + response.body());
            }
            last = JSON.readTree(response.body()).get("messages");
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The texts of the last replies. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        last.forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    /** All last reply texts joined, for contains-assertions. */
    public String lastText() {
        return String.join("\n", texts());
    }

    public JsonNode lastMessages() {
        return last;
    }

    /** Files an anonymous tip through the whole report flow and returns its receipt code. */
    public String fileAnonymousTip(String description, String place) {
        say("/menu").press("Báo tin").press("Ma túy").say(description).say(place).press("Hôm qua").press("Bỏ qua")
                .press("Gửi ẩn danh").press("Có, gửi đi");
        return receiptCode();
    }

    public String receiptCode() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}").matcher(lastText());
        if (!m.find()) {
            throw new AssertionError("no receipt code in " + lastText());
        }
        return m.group();
    }
}
