package vn.tipline.broadcast;

import org.springframework.stereotype.Component;
import vn.tipline.channel.ChannelPreview;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A draft as Telegram and Zalo will show it, in each language it has, through the channels' own renderers. */
@Component
class CampaignPreview {

    /** What the page shows for one channel and language. */
    record Shown(String channel, String language, List<ChannelPreview.Bubble> bubbles) {
    }

    private final CampaignMessages messages;
    private final List<ChannelPreview> channels;

    CampaignPreview(CampaignMessages messages, List<ChannelPreview> channels) {
        this.messages = messages;
        this.channels = channels.stream().sorted(Comparator.comparing(ChannelPreview::channel)).toList();
    }

    /** Nothing for a draft without Vietnamese text. {@code picture}: whether a picture goes with it. */
    List<Shown> of(String textVi, String textEn, boolean picture) {
        List<Shown> shown = new ArrayList<>();
        if (textVi == null || textVi.isBlank()) {
            return shown;
        }
        String en = textEn == null || textEn.isBlank() ? null : textEn.strip();
        for (String language : en == null ? List.of("vi") : List.of("vi", "en")) {
            for (ChannelPreview channel : channels) {
                shown.add(new Shown(channel.channel(), language, channel.preview(
                        messages.of(textVi.strip(), en, picture ? "preview" : null, picture ? "image/jpeg" : null, language))));
            }
        }
        return shown;
    }
}
