package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.tipline.channel.ChannelPreview.Bubble;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Zalo's preview: its 2,000-character messages, the picture as a message of its own, plain text. */
class ZaloPreviewTest {

    private final ZaloPreview preview = new ZaloPreview(new ObjectMapper());
    private final List<Button> stop = List.of(new Button("Hủy đăng ký", "/stop"));

    @Test
    void aLongTextIsSplitIntoZalosMessages() {
        String text = ("Cảnh báo lừa đảo qua điện thoại. ".repeat(160)).strip();
        List<Bubble> bubbles = preview.preview(List.of(new Outbound.Choice(text, stop)));
        assertThat(bubbles).hasSize(3);
        assertThat(bubbles).allSatisfy(b -> assertThat(b.text().length()).isLessThanOrEqualTo(ZaloMessages.MAX_TEXT));
        assertThat(bubbles.get(2).buttons()).containsExactly("Hủy đăng ký");
    }

    @Test
    void thePictureIsAMessageOfItsOwnAndMarkupStaysText() {
        List<Bubble> bubbles = preview.preview(List.of(new Outbound.Media("img", "image/jpeg", null),
                new Outbound.Choice("<b>Truy nã</b>", stop)));
        assertThat(bubbles).containsExactly(new Bubble(true, "", List.of()),
                new Bubble(false, "<b>Truy nã</b>", List.of("Hủy đăng ký")));
    }
}
