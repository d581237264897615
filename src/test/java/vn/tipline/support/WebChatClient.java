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

/** A citizen in the web chat, talking to a running service over real HTTP. */
public final class WebChatClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;
    private JsonNode last;

    private WebChatClient(String base, String session, JsonNode messages) {
        this.base = base;
        this.session = session;
        this.last = messages;
    }

    /** Opens a new web chat session on {@code http://localhost:port}. */
    public static WebChatClient open(int port) {
        String base = "http://localhost:" + port + "/api/chat/sessions";
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("session start answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            return new WebChatClient(base, body.get("session").asText(), body.get("messages"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Continues an existing session, as a page reload does. */
    public static WebChatClient resume(int port, String session) {
        return new WebChatClient("http://localhost:" + port + "/api/chat/sessions", session, JSON.createArrayNode());
    }

    public String session() {
        return session;
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
        String boundary = "----tipline" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"IMG_0001.jpg\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(data, 0, body, head.length, data.length);
        System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
        return send(HttpRequest.newBuilder(URI.create(base + "/" + session + "/media"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Polls the session's inbox (officers' follow-ups, relay answers), as the chat page does; they become the last replies. */
    public WebChatClient inbox() {
        return send(HttpRequest.newBuilder(URI.create(base + "/" + session + "/inbox")).GET().build());
    }

    /** Polls the session's inbox (officers' follow-ups, relay answers) like the page does; the texts, each handed out once. */
    public List<String> inboxTexts() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/" + session + "/inbox"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new AssertionError("inbox answered " + response.statusCode() + ": " + response.body());
            }
            List<String> texts = new ArrayList<>();
            JSON.readTree(response.body()).get("messages").forEach(m -> texts.add(m.get("text").asText()));
            return texts;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebChatClient post(String json) {
        return send(HttpRequest.newBuilder(URI.create(base + "/" + session + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    private WebChatClient send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new AssertionError("chat answered " + response.statusCode() + ": " + response.body());
            }
            last = JSON.readTree(response.body()).get("messages");
            return this;
        } catch (IOException | InterruptedException e) {
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
