package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.tipline.channel.ChannelPreview.Bubble;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The officers' preview reads back what the renderer would send: markup shown as typed, long texts split, a short text as the picture's caption. */
class TelegramPreviewTest {

    private final TelegramPreview preview = new TelegramPreview(new ObjectMapper());
    private final List<Button> stop = List.of(new Button("Hủy đăng ký", "/stop"));

    @Test
    void markupIsShownAsTypedBecauseTheRendererEscapesIt() {
        List<Bubble> bubbles = preview.preview(List.of(new Outbound.Choice("<b>Cảnh báo</b> & lừa đảo", stop)));
        assertThat(bubbles).containsExactly(new Bubble(false, "<b>Cảnh báo</b> & lừa đảo", List.of("Hủy đăng ký")));
    }

    @Test
    void aTextLongerThanOneMessageIsSplitAndTheButtonRidesOnTheLast() {
        String text = ("Cảnh báo lừa đảo qua điện thoại. ".repeat(160)).strip();
        List<Bubble> bubbles = preview.preview(List.of(new Outbound.Choice(text, stop)));
        assertThat(bubbles).hasSize(2);
        assertThat(bubbles.get(0).text().length()).isLessThanOrEqualTo(MessageRenderer.MAX_TEXT);
        assertThat(bubbles.get(0).buttons()).isEmpty();
        assertThat(bubbles.get(1).buttons()).containsExactly("Hủy đăng ký");
    }

    @Test
    void aShortTextBecomesThePicturesCaption() {
        List<Bubble> bubbles = preview.preview(List.of(new Outbound.Media("img", "image/jpeg", null),
                new Outbound.Choice("Truy nã", stop)));
        assertThat(bubbles).containsExactly(new Bubble(true, "Truy nã", List.of("Hủy đăng ký")));
    }
}
