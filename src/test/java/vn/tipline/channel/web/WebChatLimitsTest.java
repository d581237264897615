package vn.tipline.channel.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import vn.tipline.support.WebChatClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client cannot open sessions without end, nor file past the tip quota by spreading tips over
 * sessions; and an opened, abandoned session costs the store nothing. Clients are told apart the way
 * a reverse proxy tells the service ({@code X-Forwarded-For}, heeded with the native strategy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.forward-headers-strategy=native",
        "tipline.abuse.web.sessions-per-address-per-hour=5",
        "tipline.abuse.web.tips-per-address-per-hour=2"})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class WebChatLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    WebSessions sessions;

    private HttpResponse<String> start(String address, String language) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/chat/sessions"))
                        .header("X-Forwarded-For", address).header("Accept-Language", language)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void manySessionsFromOneAddressAreRefusedPolitelyWhileAnotherAddressStillStartsOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(start("203.0.113.7", "vi").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> refused = start("203.0.113.7", "vi");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s).isBetween(1L, 3600L));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asText()).contains("Xin bạn thử lại sau", "113");
        assertThat(problem.has("session")).isFalse();
        assertThat(JSON.readTree(start("203.0.113.7", "en-US,en;q=0.9").body()).path("detail").asText())
                .contains("Please try again later");

        assertThat(start("203.0.113.8", "vi").statusCode()).as("another address").isEqualTo(201);
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(start("2001:db8:5:7::" + i, "vi").statusCode()).isEqualTo(201);
        }
        assertThat(start("2001:db8:5:7:ffff:ffff:ffff:1", "vi").statusCode()).as("same /64").isEqualTo(429);
        assertThat(start("2001:db8:5:8::1", "vi").statusCode()).as("another /64").isEqualTo(201);
    }

    @Test
    void tipsFromOneAddressOverManySessionsAreLimitedPolitelyAndTheAddressIsNeverKept(CapturedOutput output) {
        String address = "198.51.100.23";
        WebChatClient.open(port, address).fileAnonymousTip("Tin báo thứ nhất về đánh bạc ở quán nước", "Quán nước đầu hẻm 3");
        WebChatClient.open(port, address).fileAnonymousTip("Tin báo thứ hai về đánh bạc ở quán nước", "Quán nước đầu hẻm 4");

        // A fresh session has its own per-reporter quota; the address has used its two.
        WebChatClient third = WebChatClient.open(port, address);
        third.say("/menu").press("Báo tin");
        assertThat(third.lastText()).contains("nhiều tin báo");
        WebChatClient fourth = WebChatClient.open(port, address);
        fourth.say("/menu").press("Báo tin");
        assertThat(fourth.lastText()).contains("nhiều tin báo");

        String other = WebChatClient.open(port, "198.51.100.24").fileAnonymousTip("Tin báo từ người khác về đánh bạc", "Hẻm 5");
        assertThat(other).startsWith("TG-");

        assertThat(stored(address, "198.51.100.24")).as("documents holding a client address").isEmpty();
        assertThat(output.getAll()).doesNotContain(address).doesNotContain("198.51.100.24");
    }

    @Test
    void aTipStartedBeforeTheAddressRanOutIsRefusedAtFilingNotLost() {
        String address = "198.51.100.77";
        WebChatClient early = WebChatClient.open(port, address);
        early.say("/menu").press("Báo tin").press("Ma túy").say("Có người bán ma túy ở bến xe mỗi sáng sớm")
                .say("Bến xe phía Nam").press("Hôm nay").press("Bỏ qua").press("Gửi ẩn danh");
        WebChatClient.open(port, address).fileAnonymousTip("Tin báo thứ nhất về trộm xe ở chợ", "Chợ Lớn");
        WebChatClient.open(port, address).fileAnonymousTip("Tin báo thứ hai về trộm xe ở chợ", "Chợ Lớn");

        early.press("Có, gửi đi");
        assertThat(early.lastText()).contains("nhiều tin báo");
        assertThat(mongo.getCollection("tips").countDocuments(new Document("description", "Có người bán ma túy ở bến xe mỗi sáng sớm")))
                .isZero();
    }

    @Test
    void startingASessionStoresNothingTheFirstMessageStartsTheConversation() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> started = start("192.0.2.50", "vi");
            assertThat(started.statusCode()).isEqualTo(201);
            JsonNode body = JSON.readTree(started.body());
            assertThat(body.path("messages").toString()).contains("Bạn muốn làm gì?");
            tokens.add(body.path("session").asText());
        }
        List<String> traces = new ArrayList<>();
        for (String token : tokens) {
            traces.add(sessions.reporterKey(token));
            traces.add(sessions.chatId(token).orElseThrow());
        }
        assertThat(stored(traces.toArray(String[]::new))).as("documents left by sessions nobody used").isEmpty();

        // The menu the page showed is answered as if it had been stored.
        WebChatClient citizen = WebChatClient.resume(port, tokens.get(0));
        citizen.pressPayload(JSON.readTree(start("192.0.2.51", "vi").body()).path("messages").get(0)
                .path("buttons").get(0).path("payload").asText());
        assertThat(citizen.lastText()).contains("Tin báo của bạn về việc gì?");
        assertThat(mongo.getCollection("conversations").countDocuments(new Document("_id", sessions.reporterKey(tokens.get(0)))))
                .isOne();
    }

    /** Every stored document, in every collection, that contains any of {@code needles}. */
    private List<String> stored(String... needles) {
        List<String> found = new ArrayList<>();
        for (String name : mongo.getDb().listCollectionNames()) {
            for (Document document : mongo.getDb().getCollection(name).find()) {
                String json = document.toJson();
                for (String needle : needles) {
                    if (json.contains(needle)) {
                        found.add(name + ": " + json);
                    }
                }
            }
        }
        return found;
    }
}
