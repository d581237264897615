package vn.tipline.channel.web;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.conversation.Outbound;
import vn.tipline.support.Images;
import vn.tipline.support.WebChatClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat's session token is the one thing that ties a browser (and the address it comes from)
 * to its tips: the server draws every token, a made-up one is refused, and the token is never in an
 * address nor in anything stored or logged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class WebChatSessionTokenTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    WebSessions sessions;

    @Autowired
    WebInbox inbox;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> message(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"/menu\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long conversations() {
        return mongo.getCollection("conversations").countDocuments();
    }

    private static void assertUnknownSession(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.body()).contains("POST /api/chat/sessions");
    }

    @Test
    void aSessionIdTheClientMadeUpOrForgedIsRefusedAndStartsNothing() throws Exception {
        String real = WebChatClient.open(port).session();
        String nonce = real.substring(0, real.indexOf('.'));
        String signature = real.substring(real.indexOf('.') + 1);
        String otherSignature = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        long before = conversations();

        // The old API took any id of 22-64 such characters, in the path.
        String madeUp = "my-own-session-id-0123456789abcdef";
        assertThat(message("/api/chat/sessions/" + madeUp + "/messages", null).statusCode()).isBetween(400, 499);
        assertUnknownSession(message("/api/chat/messages", "Bearer " + madeUp));
        assertUnknownSession(message("/api/chat/messages", "Bearer " + nonce + "." + otherSignature));
        assertUnknownSession(message("/api/chat/messages", "Bearer " + nonce));
        assertUnknownSession(message("/api/chat/messages", "Bearer " + real + "x"));
        assertUnknownSession(message("/api/chat/messages", null));
        // Not a bearer token at all: the officers' HTTP Basic check answers (401) before the chat does.
        assertThat(message("/api/chat/messages", "Basic " + real).statusCode()).isEqualTo(401);
        assertThat(conversations()).as("nothing started for a made-up session").isEqualTo(before);

        assertThat(message("/api/chat/messages", "Bearer " + real).statusCode()).isEqualTo(200);
        assertThat(conversations()).isEqualTo(before + 1);
    }

    @Test
    void theTokenIsInNoStoredDocumentNoLogAndNoAddressOnlyItsKeyedHashIsTheChatId(CapturedOutput output) {
        WebChatClient citizen = WebChatClient.open(port);
        String token = citizen.session();
        String nonce = token.substring(0, token.indexOf('.'));
        citizen.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở bãi xe sau chợ mỗi tối")
                .say("Bãi xe sau chợ Bến Thành").press("Hôm qua");
        citizen.sendPhoto(Images.jpegWithExif("token-test"), "image/jpeg");
        citizen.press("Xong").press("Gửi ẩn danh").press("Có, gửi đi");
        String code = citizen.receiptCode();
        // An officer's follow-up waiting in the session's inbox, and the page's poll.
        String chatId = sessions.chatId(token).orElseThrow();
        inbox.send(chatId, List.of(new Outbound.Text("Câu hỏi của cán bộ về " + code)));
        citizen.say("/status " + code);

        Document address = mongo.getCollection("reporter_addresses")
                .find(new Document("_id", sessions.reporterKey(token))).first();
        assertThat(address).as("the address book knows the session by its keyed hash").isNotNull();
        assertThat(address.getString("chatId")).isEqualTo(chatId).isNotEqualTo(token);

        List<String> found = new ArrayList<>();
        for (String name : mongo.getDb().listCollectionNames()) {
            for (Document document : mongo.getDb().getCollection(name).find()) {
                String json = document.toJson();
                if (json.contains(token) || json.contains(nonce)) {
                    found.add(name + ": " + json);
                }
            }
        }
        assertThat(found).as("stored documents holding the session token").isEmpty();
        assertThat(output.getAll()).doesNotContain(nonce);
        assertThat(citizen.inboxTexts()).containsExactly("Câu hỏi của cán bộ về " + code);
        assertThat(citizen.requestedPaths()).isNotEmpty().allSatisfy(path -> assertThat(path).doesNotContain(nonce));
    }

    @Test
    void anIssuedTokenIsAcceptedThoughNothingAboutItWasStored() {
        // Checked by its signature alone: every instance with the reporter secret accepts it, after a restart too.
        String token = sessions.issue();
        assertThat(sessions.chatId(token)).isPresent();
        assertThat(sessions.issue()).isNotEqualTo(token);
        WebChatClient resumed = WebChatClient.resume(port, token);
        resumed.say("/menu");
        assertThat(resumed.lastText()).contains("Bạn muốn làm gì?");
    }
}
