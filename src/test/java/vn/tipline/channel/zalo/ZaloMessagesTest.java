package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZaloMessagesTest {

    private final ZaloMessages messages = new ZaloMessages(new ObjectMapper());

    @Test
    void choicesBecomeHiddenQueryButtons() {
        List<ObjectNode> out = messages.toZalo(new Outbound.Choice("Chọn", List.of(new Button("Ma túy", "report/topic/0"))));
        assertThat(out).hasSize(1);
        ObjectNode button = (ObjectNode) out.get(0).path("attachment").path("payload").path("buttons").get(0);
        assertThat(button.path("type").asText()).isEqualTo("oa.query.hide");
        assertThat(button.path("payload").asText()).isEqualTo("#q:report/topic/0");
        assertThat(button.path("title").asText()).isEqualTo("Ma túy");
    }

    @Test
    void moreThanFiveOptionsAreListedByNumberAndSplitIntoMessages() {
        List<Button> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new Button("Lựa chọn " + (i + 1), "f/n/" + i));
        }
        List<ObjectNode> out = messages.toZalo(new Outbound.Choice("Tin báo về việc gì?", nine));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).path("text").asText()).contains("1. Lựa chọn 1", "9. Lựa chọn 9");
        assertThat(out.get(0).path("attachment").path("payload").path("buttons")).hasSize(5);
        assertThat(out.get(1).path("attachment").path("payload").path("buttons")).hasSize(4);
        assertThat(out.get(1).path("text").asText()).isEqualTo("6–9");
    }

    @Test
    void theSecondMessageOfButtonsSaysWhatTheyAre() {
        List<Button> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new Button("Lựa chọn " + (i + 1), "f/n/" + i));
        }
        List<ObjectNode> out = messages.toZalo(new Outbound.Choice("Tin báo về việc gì?", nine, "Lựa chọn khác:"));
        assertThat(out.get(1).path("text").asText()).isEqualTo("Lựa chọn khác: 6–9");
    }

    @Test
    void longTextsAreSplitUnderTheLimit() {
        String text = ("Một đoạn văn dài về một vụ việc. ").repeat(150);
        List<ObjectNode> out = messages.toZalo(new Outbound.Text(text));
        assertThat(out.size()).isGreaterThan(1);
        assertThat(out).allSatisfy(m -> assertThat(m.path("text").asText().length()).isLessThanOrEqualTo(2000));
        assertThat(String.join(" ", out.stream().map(m -> m.path("text").asText()).toList()).replaceAll("\\s+", " ").strip())
                .isEqualTo(text.replaceAll("\\s+", " ").strip());
    }
}
