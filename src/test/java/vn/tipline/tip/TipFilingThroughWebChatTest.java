package vn.tipline.tip;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.WebChatClient;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A citizen files tips through the web chat API, against the embedded store over the real driver. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TipFilingThroughWebChatTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void anonymousTipIsFiledWithReceiptCodeAndNoIdentity() {
        WebChatClient citizen = WebChatClient.open(port);
        assertThat(citizen.lastText()).contains("113", "114", "115");

        citizen.press("Báo tin").press("Ma túy")
                .say("Có người bán ma túy ở quán cà phê đầu hẻm 12 mỗi tối sau 10 giờ")
                .shareLocation(10.7769, 106.7009)
                .press("Hôm qua")
                .press("Bỏ qua");
        assertThat(citizen.lastText()).contains("Telegram hoặc Zalo", "web");
        citizen.press("Gửi ẩn danh");
        assertThat(citizen.lastText()).contains("Ma túy", "quán cà phê", "Gửi ẩn danh");
        citizen.press("Có, gửi đi");
        String code = citizen.receiptCode();
        assertThat(code).matches("TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");

        Document tip = mongo.getCollection("tips").find(new Document("code", code)).first();
        assertThat(tip).isNotNull();
        assertThat(tip.getString("status")).isEqualTo("NEW");
        assertThat(tip.getString("topic")).isEqualTo("DRUGS");
        assertThat(tip.getBoolean("anonymous")).isTrue();
        assertThat(tip.getString("channel")).isEqualTo("web");
        assertThat(tip.get("contact")).isNull();
        assertThat(tip.get("place", Document.class).getDouble("latitude")).isEqualTo(10.7769);
        assertThat(tip.getString("searchText")).contains("ban ma tuy o quan ca phe");
        // The pseudonym is there; the web session token (the chat id of this channel) is nowhere in the tip.
        assertThat(tip.getString("reporterKey")).isNotBlank();
        assertThat(tip.toJson()).doesNotContain(citizen.session());
    }

    @Test
    void namedTipKeepsTheContactTheCitizenGave() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Lừa đảo")
                .say("Nhận được tin nhắn giả danh ngân hàng yêu cầu chuyển tiền")
                .say("Phường Sài Gòn, TP Hồ Chí Minh")
                .say("sáng nay lúc 8 giờ")
                .press("Bỏ qua")
                .press("Để lại liên lạc")
                .say("Nguyễn Văn A 0901234567");
        assertThat(citizen.lastText()).contains("Nguyễn Văn A 0901234567");
        citizen.press("Có, gửi đi");
        Document tip = mongo.getCollection("tips").find(new Document("code", citizen.receiptCode())).first();
        assertThat(tip.getBoolean("anonymous")).isFalse();
        assertThat(tip.getString("contact")).isEqualTo("Nguyễn Văn A 0901234567");
        assertThat(tip.get("place", Document.class).getString("text")).isEqualTo("Phường Sài Gòn, TP Hồ Chí Minh");
        assertThat(tip.getString("eventTime")).isEqualTo("sáng nay lúc 8 giờ");
    }

    @Test
    void theReceiptNamesTheUnitTheTimeLimitAndOffersAStatusButton() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Cờ bạc").say("Sòng bạc trong nhà số 5, tụ tập đông người mỗi tối")
                .say("Phường Sài Gòn, TP Hồ Chí Minh").say("tối 5/12").press("Bỏ qua").press("Gửi ẩn danh");
        // The summary shows the date read from the words, beside them.
        assertThat(citizen.lastText()).containsPattern("tối 5/12 \\(05/12/20\\d\\d 18:00–22:00\\)");
        citizen.press("Có, gửi đi");
        String code = citizen.receiptCode();
        assertThat(citizen.lastText()).contains("Công an phường Sài Gòn (TP Hồ Chí Minh)", "20 ngày")
                .doesNotContain("/status", "/cancel", "/reply");
        Document tip = mongo.getCollection("tips").find(new Document("code", code)).first();
        assertThat(tip.getString("eventTime")).isEqualTo("tối 5/12");
        assertThat(tip.getString("eventPeriod")).matches("05/12/20\\d\\d 18:00–22:00");
        assertThat(tip.getDate("eventFrom")).isNotNull();
        citizen.press("Xem tình trạng");
        assertThat(citizen.lastText()).contains(code, "mới tiếp nhận");
    }

    @Test
    void aStoryTypedAtTheMenuBecomesATipWithItsTopicSuggested() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("có người bán ma túy ở hẻm 12 đường Lê Lợi, tối nào cũng có khách");
        assertThat(citizen.lastText()).contains("Có phải về «Ma túy»?");
        citizen.press("Ma túy").say("Hẻm 12 Lê Lợi, Phường Sài Gòn").say("không rõ").press("Bỏ qua").press("Gửi ẩn danh");
        assertThat(citizen.lastText()).contains("Không rõ (mình ghi nguyên lời bạn");
        citizen.press("Có, gửi đi");
        Document tip = mongo.getCollection("tips").find(new Document("code", citizen.receiptCode())).first();
        assertThat(tip.getString("topic")).isEqualTo("DRUGS");
        assertThat(tip.getString("description")).isEqualTo("có người bán ma túy ở hẻm 12 đường Lê Lợi, tối nào cũng có khách");
        assertThat(tip.get("eventPeriod")).isNull();
    }

    @Test
    void statusIsToldByCommandAndByMenuInEitherLanguage() {
        WebChatClient reporter = WebChatClient.open(port);
        String code = reporter.fileAnonymousTip("Nhóm thanh niên đua xe trái phép mỗi đêm thứ bảy", "Cầu Rồng, Đà Nẵng");

        WebChatClient other = WebChatClient.open(port);
        other.say("/status " + code.toLowerCase().replace("-", " "));
        assertThat(other.lastText()).contains(code, "mới tiếp nhận");

        other.say("/lang en").press("Check my tip").say(code);
        assertThat(other.lastText()).contains(code, "received, waiting for an officer");
    }

    @Test
    void unknownAndMalformedCodesGetAPoliteAnswer() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("/status TG-2222-2222");
        assertThat(citizen.lastText()).contains("Không tìm thấy", "TG-2222-2222");
        citizen.say("/status hello");
        assertThat(citizen.lastText()).contains("TG-XXXX-XXXX");
        citizen.say("TG-OOOO-IIII");
        assertThat(citizen.lastText()).contains("TG-XXXX-XXXX");
    }

    @Test
    void confirmingTwiceFilesOneTip() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Cờ bạc").say("Sòng bạc trong nhà số 5 ngõ 10, tụ tập đông người")
                .say("Ngõ 10 phố Huế, Hà Nội").press("Hôm nay").press("Bỏ qua").press("Gửi ẩn danh");
        String confirm = citizen.lastMessages().get(0).get("buttons").get(0).get("payload").asText();
        citizen.pressPayload(confirm);
        String code = citizen.receiptCode();
        long before = mongo.getCollection("tips").countDocuments();
        citizen.pressPayload(confirm);
        // Said plainly, with the code, instead of the welcome menu.
        assertThat(citizen.lastText()).contains("đã được gửi rồi", code).doesNotContain("Bạn muốn làm gì?");
        assertThat(mongo.getCollection("tips").countDocuments()).isEqualTo(before);
        assertThat(mongo.getCollection("tips").countDocuments(new Document("code", code))).isEqualTo(1);
    }

    @Autowired
    TipService tipService;

    @Test
    void aSubmissionFiledAgainGetsTheTipAlreadyFiledAndCountsAgainstTheQuotaOnce() {
        String reporter = "reporter-" + UUID.randomUUID();
        TipService.NewTip draft = new TipService.NewTip(reporter + ":run-1", Topic.DRUGS, "Bán ma túy ở đầu hẻm mỗi tối",
                new Tip.Place("Hẻm 12 Lê Lợi", null, null), "hôm qua", List.of(), true, null, reporter, false, "telegram", "vi");
        Tip first = tipService.file(draft);

        // A replay after a crash files the same submission again: the unique index answers, not a look-up first.
        Tip again = tipService.file(draft);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getCode()).isEqualTo(first.getCode());
        assertThat(mongo.getCollection("tips").countDocuments(new Document("submissionKey", draft.submissionKey()))).isEqualTo(1);
        assertThat(mongo.findById(reporter, Document.class, TipService.QUOTA).getList("filed", Date.class)).hasSize(1);
    }

    @Autowired
    vn.tipline.channel.ConversationService conversations;

    @Test
    void aMessageHandledAgainAfterACrashGetsTheSameRepliesAndDoesNotMoveTheConversationOn() {
        String chat = "redelivered-" + java.util.UUID.randomUUID();
        java.util.List<vn.tipline.conversation.Outbound> menu = conversations.handle("telegram", chat,
                new vn.tipline.conversation.Inbound.Text("menu"), "telegram:update:1");
        vn.tipline.conversation.Outbound.Choice choices = (vn.tipline.conversation.Outbound.Choice) menu.get(menu.size() - 1);
        vn.tipline.conversation.Inbound.ButtonPress report = new vn.tipline.conversation.Inbound.ButtonPress(
                choices.buttons().get(0).payload());
        java.util.List<vn.tipline.conversation.Outbound> first = conversations.handle("telegram", chat, report, "telegram:update:2");
        Document after = mongo.getCollection("conversations").find(new Document("answered.key", "telegram:update:2")).first();
        assertThat(after).isNotNull();

        // The conversation was saved, then the process died before the replies were recorded: Telegram sends it again.
        java.util.List<vn.tipline.conversation.Outbound> again = conversations.handle("telegram", chat, report, "telegram:update:2");
        assertThat(again).isEqualTo(first);
        Document replayed = mongo.getCollection("conversations").find(new Document("_id", after.get("_id"))).first();
        assertThat(replayed.getString("flow")).isEqualTo(after.getString("flow"));
        assertThat(replayed.getString("node")).isEqualTo(after.getString("node"));

        // The same press as a new message is a new step.
        java.util.List<vn.tipline.conversation.Outbound> pressedTwice = conversations.handle("telegram", chat, report,
                "telegram:update:3");
        assertThat(pressedTwice).isNotEqualTo(first);

        // Handled again after a later message of the chat (taken up by another instance meanwhile): still
        // recognised, its replies given again, the conversation left where the later message put it.
        Document later = mongo.getCollection("conversations").find(new Document("_id", after.get("_id"))).first();
        assertThat(conversations.handle("telegram", chat, report, "telegram:update:2")).isEqualTo(first);
        Document unmoved = mongo.getCollection("conversations").find(new Document("_id", after.get("_id"))).first();
        assertThat(unmoved.getString("node")).isEqualTo(later.getString("node"));
        assertThat(unmoved.get("variables")).isEqualTo(later.get("variables"));
    }
}
