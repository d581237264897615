package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.channel.web.WebSessions;
import vn.tipline.support.WebChatClient;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay between a web chat citizen and a police unit, end to end over HTTP: the citizen
 * writes through the chat, officers read and answer through the admin API, answers reach the
 * citizen's inbox, and the citizen's replies join the same thread until they stop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AdminApi.ADMIN_PASSWORD)
@ActiveProfiles("test")
class RelayRoundTripTest {

    private static final Pattern THREAD = Pattern.compile("TN-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");

    @LocalServerPort
    int port;

    @Autowired
    WebSessions webSessions;

    private AdminApi api() {
        return new AdminApi(port);
    }

    /** Finds the unit of {@code place} and opens a thread with it; returns the thread's code. */
    private String openThread(WebChatClient citizen, String place, boolean anonymous) {
        citizen.press("Tìm Công an phường/xã").say(place).press("Nhắn tin cho đơn vị này");
        assertThat(citizen.lastText()).contains("Cán bộ không thấy tài khoản Telegram, Zalo hay số điện thoại của bạn");
        if (anonymous) {
            citizen.press("Ẩn danh");
        } else {
            citizen.press("Để lại tên").say("Trần Thị B, 0912 345 678");
        }
        Matcher code = THREAD.matcher(citizen.lastText());
        assertThat(code.find()).as("thread code in %s", citizen.lastText()).isTrue();
        return code.group();
    }

    private JsonNode thread(String unit, String code) {
        AdminApi.Response response = api().get("/api/admin/units/" + unit + "/threads/" + code);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private static List<String> texts(JsonNode thread) {
        List<String> texts = new ArrayList<>();
        thread.get("messages").forEach(m -> texts.add(m.get("from").asText() + ": " + m.get("text").asText()));
        return texts;
    }

    @Test
    void aCitizenAndTheirWardPoliceTalkThroughTheBot() {
        WebChatClient citizen = WebChatClient.open(port);
        String code = openThread(citizen, "Phường Bến Thành", true);
        assertThat(citizen.lastText()).contains("với Công an phường Bến Thành", "Gõ /cancel để dừng nhắn");
        citizen.say("Tối nào cũng có nhóm người tụ tập hút chích ở công viên cạnh chợ");
        assertThat(citizen.lastText()).contains("✓ Đã gửi tới Công an phường Bến Thành");

        // The officers see the thread by its code, and nothing that points at the citizen.
        AdminApi.Response list = api().get("/api/admin/units/CAX-26743/threads?status=open");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw()).contains(code, "hút chích").doesNotContain(citizen.session())
                .doesNotContain(webSessions.reporterKey(citizen.session())).doesNotContain("reporterKey");
        JsonNode thread = thread("CAX-26743", code);
        assertThat(thread.get("anonymous").asBoolean()).isTrue();
        assertThat(thread.has("contact")).isFalse();
        assertThat(thread.get("status").asText()).isEqualTo("OPEN");

        // An answer reaches the citizen's web chat inbox.
        AdminApi.Response answer = api().postJson("/api/admin/units/CAX-26743/threads/" + code + "/messages",
                "{\"text\": \"Cảm ơn bạn. Nhóm thường tụ tập vào giờ nào?\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("delivered").asBoolean()).isTrue();
        List<String> inbox = citizen.inboxTexts();
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0)).contains("💬 Công an phường Bến Thành trả lời (cuộc trò chuyện " + code + ")",
                "Nhóm thường tụ tập vào giờ nào?");
        assertThat(citizen.inboxTexts()).isEmpty();

        // The citizen's reply joins the same thread.
        citizen.say("Khoảng 22 giờ đến nửa đêm");
        assertThat(texts(thread("CAX-26743", code))).containsExactly(
                "CITIZEN: Tối nào cũng có nhóm người tụ tập hút chích ở công viên cạnh chợ",
                "UNIT: Cảm ơn bạn. Nhóm thường tụ tập vào giờ nào?",
                "CITIZEN: Khoảng 22 giờ đến nửa đêm");

        // After /cancel, free text no longer goes to the police.
        citizen.say("/cancel");
        citizen.say("tin nhắn này không gửi cho công an");
        assertThat(texts(thread("CAX-26743", code))).hasSize(3);

        // Answers still arrive; the citizen comes back to the open thread from the menu.
        api().postJson("/api/admin/units/CAX-26743/threads/" + code + "/messages", "{\"text\": \"Chúng tôi sẽ kiểm tra.\"}");
        assertThat(citizen.inboxTexts()).anyMatch(t -> t.contains("Chúng tôi sẽ kiểm tra."));
        citizen.say("/menu").press("Tìm Công an phường/xã");
        assertThat(citizen.lastText()).contains("Bạn đang có cuộc trò chuyện " + code + " với Công an phường Bến Thành");
        citizen.press("Nhắn tiếp").say("Cảm ơn các anh");
        assertThat(texts(thread("CAX-26743", code))).hasSize(5).last().isEqualTo("CITIZEN: Cảm ơn các anh");

        // The citizen ends it; officers can no longer write into it.
        citizen.press("Kết thúc cuộc trò chuyện");
        assertThat(citizen.lastText()).contains("Đã kết thúc cuộc trò chuyện " + code);
        JsonNode closed = thread("CAX-26743", code);
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("closedBy").asText()).isEqualTo("CITIZEN");
        assertThat(api().postJson("/api/admin/units/CAX-26743/threads/" + code + "/messages", "{\"text\": \"Còn đó không?\"}")
                .status()).isEqualTo(409);
    }

    @Test
    void aNamedThreadShowsTheContactAndAnEmergencyIsFlagged() {
        WebChatClient citizen = WebChatClient.open(port);
        String code = openThread(citizen, "Phường Sài Gòn", false);
        citizen.say("Cứu với, có người đang bị đánh trước nhà số 10");
        assertThat(citizen.lastText()).contains("113", "✓ Đã gửi");
        JsonNode thread = thread("CAX-26740", code);
        assertThat(thread.get("anonymous").asBoolean()).isFalse();
        assertThat(thread.get("contact").asText()).isEqualTo("Trần Thị B, 0912 345 678");
        assertThat(thread.get("messages").get(0).get("urgent").asBoolean()).isTrue();
    }

    @Test
    void theUnitEndsAThreadAndTheCitizenIsTold() {
        WebChatClient citizen = WebChatClient.open(port);
        String code = openThread(citizen, "Phường Tân Định", true);
        citizen.say("Có xe máy đua trái phép trên đường Hai Bà Trưng");
        AdminApi.Response close = api().post("/api/admin/units/CAX-26737/threads/" + code + "/close", "application/json", "");
        assertThat(close.status()).isEqualTo(200);
        assertThat(close.body().get("status").asText()).isEqualTo("CLOSED");
        assertThat(citizen.inboxTexts()).anyMatch(t -> t.contains("Công an phường Tân Định đã kết thúc cuộc trò chuyện " + code));
        citizen.say("Còn một chuyện nữa");
        assertThat(citizen.lastText()).contains("Đơn vị đã kết thúc cuộc trò chuyện " + code, "chưa được gửi");
        assertThat(texts(thread("CAX-26737", code))).hasSize(1);
    }

    @Test
    void aUnitWithoutContactDetailsStillReceivesMessages() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Tìm Công an phường/xã").say("Xã Bà Nà");
        assertThat(citizen.lastText()).contains("chưa có địa chỉ, số điện thoại", "vẫn có thể nhắn tin");
        citizen.press("Nhắn tin cho đơn vị này").press("Ẩn danh").say("Có khai thác đá trái phép trên núi");
        assertThat(citizen.lastText()).contains("✓ Đã gửi tới Công an xã Bà Nà");
        assertThat(api().get("/api/admin/units/CAX-20308/threads").raw()).contains("khai thác đá");
    }

    @Test
    void badAnswersAndUnknownThreadsGetAClearError() {
        WebChatClient citizen = WebChatClient.open(port);
        String code = openThread(citizen, "Phường Cầu Ông Lãnh", true);
        String path = "/api/admin/units/CAX-26758/threads/" + code + "/messages";
        assertThat(api().postJson(path, "{\"text\": \"   \"}").status()).isEqualTo(400);
        assertThat(api().postJson(path, "{\"text\": \"" + "x".repeat(2001) + "\"}").status()).isEqualTo(400);
        assertThat(api().postJson(path, "{\"text\": ").status()).isEqualTo(400);
        assertThat(api().postJson("/api/admin/units/CAX-26758/threads/TN-2222-2222/messages", "{\"text\": \"x\"}").status())
                .isEqualTo(404);
        // A thread is only reachable under its own unit.
        assertThat(api().get("/api/admin/units/CAX-26740/threads/" + code).status()).isEqualTo(404);
        assertThat(api().get("/api/admin/units/CAX-26758/threads?status=maybe").status()).isEqualTo(400);
        // Hostile text is stored and relayed as text.
        assertThat(api().postJson(path, "{\"text\": \"<script>alert(1)</script>\"}").status()).isEqualTo(200);
        assertThat(citizen.inboxTexts()).anyMatch(t -> t.contains("<script>alert(1)</script>"));
    }
}
