package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.OutboxMessage;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageRenderer renderer = new MessageRenderer(JSON);

    private static JsonNode body(OutboxMessage message) throws IOException {
        return JSON.readTree(message.body());
    }

    @Test
    void aReceiptCodeIsSentInCodeMarkupSoOneTapCopiesIt() throws IOException {
        List<OutboxMessage> out = renderer.render("42", List.of(new Outbound.Text("Mã của bạn:\nTG-7KQ4-M2PX <b>")), "k");
        assertThat(body(out.get(0)).path("text").asText()).isEqualTo("Mã của bạn:\n<code>TG-7KQ4-M2PX</code> &lt;b&gt;");
    }

    @Test
    void aChoiceBecomesAnInlineKeyboardWithOneButtonPerRow() throws IOException {
        List<OutboxMessage> out = renderer.render("42", List.of(new Outbound.Choice("Chọn", List.of(
                new Button("📝 Báo tin", "main/menu/0"), new Button("❓ Hướng dẫn", "main/menu/2")))), "k");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo("sendMessage");
        assertThat(out.get(0).key()).isEqualTo("k:0:0");
        JsonNode body = body(out.get(0));
        assertThat(body.path("chat_id").isIntegralNumber()).isTrue();
        assertThat(body.path("chat_id").asLong()).isEqualTo(42);
        JsonNode keyboard = body.path("reply_markup").path("inline_keyboard");
        assertThat(keyboard).hasSize(2);
        assertThat(keyboard.path(1).path(0).path("callback_data").asText()).isEqualTo("main/menu/2");
        assertThat(keyboard.path(1).path(0).path("text").asText()).isEqualTo("❓ Hướng dẫn");
    }

    @Test
    void aLocationQuestionOffersTheShareLocationReplyButton() throws IOException {
        JsonNode body = body(renderer.render("42", List.of(new Outbound.AskLocation("Ở đâu?", List.of(), "📍 Gửi vị trí")), "k").get(0));
        JsonNode button = body.path("reply_markup").path("keyboard").path(0).path(0);
        assertThat(button.path("text").asText()).isEqualTo("📍 Gửi vị trí");
        assertThat(button.path("request_location").asBoolean()).isTrue();
        assertThat(body.path("reply_markup").path("one_time_keyboard").asBoolean()).isTrue();
    }

    @Test
    void aPlainTextTakesAwayAnOldReplyKeyboard() throws IOException {
        JsonNode body = body(renderer.render("42", List.of(new Outbound.Text("Cảm ơn")), "k").get(0));
        assertThat(body.path("reply_markup").path("remove_keyboard").asBoolean()).isTrue();
    }

    @Test
    void everyTextIsEscapedForHtml() throws IOException {
        JsonNode body = body(renderer.render("42", List.of(new Outbound.Text("<b>x</b> & <a href=\"javascript:\">y</a>")), "k").get(0));
        assertThat(body.path("parse_mode").asText()).isEqualTo("HTML");
        assertThat(body.path("text").asText()).isEqualTo("&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"javascript:\"&gt;y&lt;/a&gt;");
    }

    @Test
    void longTextsAreSplitAtLineBreaksWithTheButtonsOnTheLastPart() throws IOException {
        String text = String.join("\n", java.util.Collections.nCopies(200, "Dòng thông báo có dấu tiếng Việt và 🚨 biểu tượng."));
        List<OutboxMessage> out = renderer.render("42", List.of(new Outbound.Choice(text, List.of(new Button("OK", "p/n/0")))), "k");
        assertThat(out).hasSizeGreaterThan(2);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < out.size(); i++) {
            JsonNode body = body(out.get(i));
            String part = body.path("text").asText();
            assertThat(part.length()).isLessThanOrEqualTo(MessageRenderer.MAX_TEXT);
            assertThat(part).endsWith(".");
            assertThat(body.has("reply_markup")).isEqualTo(i == out.size() - 1);
            joined.append(i == 0 ? "" : "\n").append(part);
        }
        assertThat(joined.toString()).isEqualTo(text);
        assertThat(out).extracting(OutboxMessage::key).doesNotHaveDuplicates();
    }

    @Test
    void splittingNeverCutsASurrogatePair() {
        String text = "🚨".repeat(3000);
        List<String> parts = MessageRenderer.split(text, MessageRenderer.MAX_TEXT);
        assertThat(String.join("", parts)).isEqualTo(text);
        parts.forEach(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(MessageRenderer.MAX_TEXT);
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        });
    }

    @Test
    void aButtonPayloadOverSixtyFourBytesIsRefused() {
        String payload = "report/" + "đ".repeat(29);   // 7 + 58 bytes
        assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(65);
        assertThatThrownBy(() -> renderer.render("42", List.of(new Outbound.Choice("x", List.of(new Button("x", payload)))), "k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        String fits = "report/" + "đ".repeat(28) + "a";
        assertThat(renderer.render("42", List.of(new Outbound.Choice("x", List.of(new Button("x", fits)))), "k")).hasSize(1);
    }

    @Test
    void aPhotoCarriesItsEvidenceIdAndAShortCaption() throws IOException {
        List<OutboxMessage> out = renderer.render("42", List.of(new Outbound.Media("65a1b2c3d4e5f60718293a4b", "image/jpeg",
                "Cảnh báo lừa đảo")), "k");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo("sendPhoto");
        assertThat(body(out.get(0)).path(MessageRenderer.ATTACHMENT).asText()).isEqualTo("65a1b2c3d4e5f60718293a4b");
        assertThat(body(out.get(0)).path("caption").asText()).isEqualTo("Cảnh báo lừa đảo");

        List<OutboxMessage> long_ = renderer.render("42", List.of(new Outbound.Media("65a1b2c3d4e5f60718293a4b", "image/jpeg",
                "x".repeat(2000))), "k");
        assertThat(long_).extracting(OutboxMessage::kind).containsExactly("sendPhoto", "sendMessage");
    }
}
