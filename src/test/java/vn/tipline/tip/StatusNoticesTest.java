package vn.tipline.tip;

import org.junit.jupiter.api.Test;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reporter who asks for them at filing gets a short notice in the web chat's inbox when an
 * officer changes the tip's status: the code and the status in plain words, never the officer.
 * Off by default, only from the chat that filed, and none for a tip judged spam.
 */
class StatusNoticesTest extends OfficerTestBase {

    private Tip file(WebChatClient reporter, String unit) {
        String code = reporter.fileAnonymousTip("Có người bán ma túy ở quán cà phê đầu hẻm 12 mỗi tối", "Hẻm 12 Lê Lợi");
        return fx.route(tipService.findByCode(code).orElseThrow(), unit, null);
    }

    private Tip status(Http api, Tip tip, String status) {
        Tip current = mongo.findById(tip.getId(), Tip.class);
        assertThat(api.post("/api/admin/tips/" + tip.getId() + "/status",
                Map.of("status", status, "version", current.getVersion())).status()).isEqualTo(200);
        return current;
    }

    @Test
    void aReporterWhoOptsInIsToldOfEachStatusChangeInPlainWords() {
        String unit = fx.unit("a");
        WebChatClient reporter = WebChatClient.open(port);
        Tip tip = file(reporter, unit);
        reporter.press("Nhắn tôi khi có tiến triển");
        assertThat(reporter.lastText()).contains(tip.getCode(), "không có tên cán bộ", "7 ngày");
        reporter.press("Có, nhắn cho tôi");
        assertThat(reporter.lastText()).contains("Đã bật");

        String officer = fx.officer(unit);
        status(as(officer), tip, "IN_REVIEW");
        reporter.inbox();
        assertThat(reporter.lastText()).isEqualTo("🔔 Tin báo " + tip.getCode() + " của bạn: cán bộ đang xác minh.")
                .doesNotContain(officer);
        assertThat(reporter.lastMessages().get(0).get("buttons").get(0).get("payload").asText())
                .isEqualTo("/status " + tip.getCode());
        status(as(officer), tip, "ACTIONED");
        assertThat(reporter.inbox().lastText()).contains("đã được xử lý");
    }

    @Test
    void withoutOptingInOrForSpamNoNoticeIsSent() {
        String unit = fx.unit("a");
        WebChatClient silent = WebChatClient.open(port);
        Tip quiet = file(silent, unit);
        status(as(fx.officer(unit)), quiet, "IN_REVIEW");
        assertThat(silent.inbox().lastMessages()).isEmpty();

        WebChatClient reporter = WebChatClient.open(port);
        Tip spam = file(reporter, unit);
        reporter.press("Nhắn tôi khi có tiến triển").press("Có, nhắn cho tôi");
        status(as(fx.officer(unit)), spam, "REJECTED_SPAM");
        assertThat(reporter.inbox().lastMessages()).isEmpty();
    }

    @Test
    void onlyTheChatThatFiledTheTipCanTurnNoticesOn() {
        String unit = fx.unit("a");
        Tip tip = file(WebChatClient.open(port), unit);
        WebChatClient stranger = WebChatClient.open(port);
        stranger.say("/notify " + tip.getCode()).press("Có, nhắn cho tôi");
        assertThat(stranger.lastText()).contains("Chỉ bật được thông báo từ chính cuộc trò chuyện");
        assertThat(mongo.findById(tip.getId(), Tip.class).isNotifyReporter()).isFalse();
    }
}
