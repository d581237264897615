package vn.tipline.tip;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An officer's question reaches the anonymous reporter in the web chat; the reporter answers
 * with the button, or later with the receipt code from another chat; the answer joins the tip's
 * timeline and flags it for its assignee. The officer never sees the chat.
 */
class FollowUpTest extends OfficerTestBase {

    private Tip fileThroughWebChat(WebChatClient reporter, String unit) {
        String code = reporter.fileAnonymousTip("Có người bán ma túy ở quán cà phê đầu hẻm 12 mỗi tối", "Hẻm 12 Lê Lợi");
        return fx.route(tipService.findByCode(code).orElseThrow(), unit, null);
    }

    @Test
    void theReporterGetsTheQuestionAndTheAnswerReachesTheAssignee() {
        String unit = fx.unit("a");
        WebChatClient reporter = WebChatClient.open(port);
        Tip tip = fileThroughWebChat(reporter, unit);
        String officer = fx.officer(unit);
        Http api = as(officer);
        api.put("/api/admin/tips/" + tip.getId() + "/assignee", Map.of("assignee", "me", "version", tip.getVersion()));

        Http.Response asked = api.post("/api/admin/tips/" + tip.getId() + "/questions",
                Map.of("text", "Người bán thường mặc áo màu gì, đi xe gì?"));
        assertThat(asked.status()).isEqualTo(201);
        assertThat(asked.json().get("delivered").asBoolean()).isTrue();
        assertThat(asked.text()).doesNotContain(reporter.session());
        assertThat(asked.json().get("tip").get("openQuestions").asInt()).isEqualTo(1);

        reporter.inbox();
        assertThat(reporter.lastText()).contains(tip.getCode(), "Người bán thường mặc áo màu gì, đi xe gì?");
        JsonNode button = reporter.lastMessages().get(0).get("buttons").get(0);
        assertThat(button.get("label").asText()).contains("Trả lời");
        assertThat(button.get("payload").asText()).isEqualTo("/reply " + tip.getCode());
        assertThat(reporter.inbox().lastMessages()).isEmpty(); // handed out once

        reporter.pressPayload(button.get("payload").asText());
        assertThat(reporter.lastText()).contains("Người bán thường mặc áo màu gì", "gõ câu trả lời");
        reporter.say("Áo khoác đen, đi xe Exciter màu xanh");
        assertThat(reporter.lastText()).contains("Đã gửi câu trả lời", tip.getCode());

        Tip stored = mongo.findById(tip.getId(), Tip.class);
        TimelineEntry question = stored.getTimeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.QUESTION)
                .findFirst().orElseThrow();
        TimelineEntry answer = stored.getTimeline().get(stored.getTimeline().size() - 1);
        assertThat(question.detail()).isEqualTo("delivered");
        assertThat(answer.kind()).isEqualTo(TimelineEntry.Kind.ANSWER);
        assertThat(answer.text()).isEqualTo("Áo khoác đen, đi xe Exciter màu xanh");
        assertThat(answer.actor()).isEqualTo(TimelineEntry.REPORTER);
        assertThat(answer.refs()).containsExactly(question.id());
        assertThat(answer.detail()).isEqualTo("same_chat");
        assertThat(stored.getUnreadAnswers()).isEqualTo(1);

        assertThat(api.get("/api/admin/me").json().get("tipsWithNewAnswers").asLong()).isEqualTo(1);
        JsonNode seen = api.get("/api/admin/tips/" + tip.getId()).json();
        assertThat(seen.get("openQuestions").asInt()).isZero();
        assertThat(seen.toString()).contains("Áo khoác đen").doesNotContain(reporter.session())
                .doesNotContain(tip.getReporterKey());
        assertThat(api.get("/api/admin/me").json().get("tipsWithNewAnswers").asLong()).isZero();
    }

    @Test
    void withTheReceiptCodeAReporterReadsAndAnswersFromAnotherChat() {
        String unit = fx.unit("a");
        WebChatClient original = WebChatClient.open(port);
        Tip tip = fileThroughWebChat(original, unit);
        as(fx.officer(unit)).post("/api/admin/tips/" + tip.getId() + "/questions", Map.of("text", "Quán mở cửa đến mấy giờ?"));

        // The browser tab was closed: a new session, only the receipt code kept.
        WebChatClient later = WebChatClient.open(port);
        later.say("/status " + tip.getCode());
        assertThat(later.lastText()).contains(tip.getCode(), "mới tiếp nhận", "Quán mở cửa đến mấy giờ?");
        later.press("Trả lời").say("Đến khoảng 2 giờ sáng");
        assertThat(later.lastText()).contains("Đã gửi câu trả lời");

        TimelineEntry answer = mongo.findById(tip.getId(), Tip.class).getTimeline().stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.ANSWER).findFirst().orElseThrow();
        assertThat(answer.text()).isEqualTo("Đến khoảng 2 giờ sáng");
        assertThat(answer.detail()).isEqualTo("receipt_code");

        // Nothing is pending any more: /status is the plain status again, /reply says so.
        later.say("/status " + tip.getCode());
        assertThat(later.lastText()).contains("mới tiếp nhận").doesNotContain("Quán mở cửa");
        later.say("/reply " + tip.getCode());
        assertThat(later.lastText()).contains("không có câu hỏi");
    }

    @Test
    void aQuestionThatCannotBeDeliveredStaysReadableByReceiptCode() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Tin báo từ một kênh chưa chạy trên máy này"); // no known reporter address
        Http.Response asked = as(fx.officer(unit)).post("/api/admin/tips/" + tip.getId() + "/questions",
                Map.of("text", "Bạn thấy việc này lúc nào?"));
        assertThat(asked.status()).isEqualTo(201);
        assertThat(asked.json().get("delivered").asBoolean()).isFalse();
        JsonNode entry = asked.json().get("tip").get("timeline").get(0);
        assertThat(entry.get("kind").asText()).isEqualTo("QUESTION");
        assertThat(entry.get("detail").asText()).isEqualTo("undelivered");

        WebChatClient reporter = WebChatClient.open(port);
        reporter.say("/lang en").say("/reply " + tip.getCode().toLowerCase());
        assertThat(reporter.lastText()).contains("Bạn thấy việc này lúc nào?", "Type your answer");
        reporter.say("/cancel");
        assertThat(mongo.findById(tip.getId(), Tip.class).getTimeline()).hasSize(1);
    }

    @Test
    void replyingToAnUnknownOrMalformedCodeIsAnsweredPolitely() {
        WebChatClient reporter = WebChatClient.open(port);
        reporter.say("/reply TG-2222-2222");
        assertThat(reporter.lastText()).contains("Không tìm thấy", "TG-2222-2222");
        reporter.say("/reply hello");
        assertThat(reporter.lastText()).contains("TG-XXXX-XXXX");
        // A forged command button is no more than the typed command.
        reporter.pressPayload("/reply TG-3333-3333");
        assertThat(reporter.lastText()).contains("Không tìm thấy");
    }
}
