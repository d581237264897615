package vn.tipline.channel.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.conversation.Outbound;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.ReporterKeys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reloaded web chat page (or a second tab) asks for the conversation so far: the server gives the
 * last messages of both sides as the page showed them and the question waiting, for the session's
 * token only, from the conversation's own document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WebChatHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    WebSessions sessions;

    @Autowired
    ReporterKeys keys;

    @Autowired
    WebInbox inbox;

    private static JsonNode history(WebChatClient citizen) throws Exception {
        HttpResponse<String> response = citizen.history();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> shown(JsonNode history) {
        List<String> lines = new ArrayList<>();
        history.get("lines").forEach(l -> lines.add(l.get("from").asText() + ": " + l.at("/message/text").asText()));
        return lines;
    }

    @Test
    void theHistoryIsTheConversationAsShownWithTheQuestionWaitingLast() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        long before = mongo.getCollection("conversations").countDocuments();
        JsonNode fresh = history(citizen);
        assertThat(shown(fresh)).singleElement().asString().startsWith("bot: ").contains("Bạn muốn làm gì?");
        assertThat(mongo.getCollection("conversations").countDocuments()).as("asking stores nothing").isEqualTo(before);

        citizen.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở quán nước đầu hẻm");
        List<String> lines = shown(history(citizen));
        assertThat(lines.get(0)).startsWith("bot: ").contains("Bạn muốn làm gì?");
        // A pressed button is shown by its label, as the page echoed it, never by its payload.
        assertThat(lines).filteredOn(l -> l.startsWith("citizen: "))
                .containsExactly("citizen: 📝 Báo tin, tố giác tội phạm", "citizen: Ma túy",
                        "citizen: Có người bán ma túy ở quán nước đầu hẻm");
        JsonNode last = history(citizen).get("lines").get(lines.size() - 1);
        assertThat(last.get("from").asText()).isEqualTo("bot");
        assertThat(last.at("/message/text").asText()).isEqualTo(citizen.lastText());
        assertThat(last.at("/message/askLocation").asBoolean()).as("the where question, with its location button").isTrue();
        assertThat(history(citizen).get("language").asText()).isEqualTo("vi");

        citizen.say("/lang en");
        assertThat(history(citizen).get("language").asText()).isEqualTo("en");
    }

    @Test
    void theHistoryKeepsTheReceiptAndOnlyTheLastFiftyMessages() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        String code = citizen.fileAnonymousTip("Có người bán ma túy ở bãi giữ xe", "Bãi giữ xe chợ Bến Thành");
        assertThat(history(citizen).get("lines").get(history(citizen).get("lines").size() - 1).at("/message/text").asText())
                .contains(code);
        for (int i = 0; i < 30; i++) {
            citizen.say("/help");
        }
        citizen.say("/status " + code);
        JsonNode lines = history(citizen).get("lines");
        assertThat(lines.size()).isEqualTo(50);
        assertThat(lines.get(49).at("/message/text").asText()).contains(code);
    }

    @Test
    void theHistoryLivesInTheConversationsOwnDocumentUnderTheKeyedHash() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Lừa đảo").say("Có người gọi điện giả danh công an đòi chuyển tiền");
        String key = keys.keyFor(WebChatController.CHANNEL, sessions.chatId(citizen.session()).orElseThrow());
        Document conversation = mongo.getCollection("conversations").find(new Document("_id", key)).first();
        assertThat(conversation).isNotNull();
        assertThat(conversation.getList("transcript", Document.class)).extracting(d -> d.getString("text"))
                .contains("Có người gọi điện giả danh công an đòi chuyển tiền");
    }

    @Test
    void anOfficersFollowUpFetchedFromTheInboxIsInTheHistoryToo() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        String code = citizen.fileAnonymousTip("Có người bán ma túy ở quán bi-a", "Quán bi-a số 3 Hàm Nghi");
        inbox.send(sessions.chatId(citizen.session()).orElseThrow(),
                List.of(new Outbound.Text("Cán bộ hỏi thêm về tin " + code + ": người bán mặc áo màu gì?")));
        assertThat(shown(history(citizen))).noneMatch(l -> l.contains("áo màu gì"));
        assertThat(citizen.inboxTexts()).singleElement().asString().contains("áo màu gì");
        List<String> lines = shown(history(citizen));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("bot: Cán bộ hỏi thêm về tin " + code + ": người bán mặc áo màu gì?");
        assertThat(citizen.inboxTexts()).as("handed out once").isEmpty();
        assertThat(shown(history(citizen))).hasSize(lines.size());
    }

    @Test
    void theEmergencyAnswerIsMarkedAsAnAlertLiveAndInTheHistory() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("cứu với, có người đang đánh nhau trước nhà");
        assertThat(citizen.lastMessages().get(0).path("alert").asBoolean()).isTrue();
        assertThat(citizen.lastMessages().get(0).get("text").asText()).contains("113");
        JsonNode lines = history(citizen).get("lines");
        List<JsonNode> alerts = new ArrayList<>();
        lines.forEach(l -> {
            if (l.at("/message/alert").asBoolean()) {
                alerts.add(l);
            }
        });
        assertThat(alerts).singleElement().satisfies(l -> assertThat(l.at("/message/text").asText()).contains("113"));
    }

    @Test
    void aMadeUpOrForgedTokenGetsNoHistory() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Ma túy").say("Một câu chuyện chỉ người có mã phiên mới được đọc");
        String real = citizen.session();
        String forged = real.substring(0, real.length() - 1) + (real.endsWith("A") ? "B" : "A");
        for (String token : new String[]{forged, "my-own-session-id-0123456789abcdef", ""}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/chat/history"))
                            .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("Một câu chuyện");
        }
        assertThat(history(citizen).toString()).contains("Một câu chuyện chỉ người có mã phiên mới được đọc");
    }
}
