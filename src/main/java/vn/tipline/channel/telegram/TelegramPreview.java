package vn.tipline.channel.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import vn.tipline.channel.ChannelPreview;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.OutboxMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Telegram's preview: the Bot API requests {@link MessageRenderer} makes, read as Telegram shows
 * them (the text or caption with {@code parse_mode: HTML} read, the inline keyboard's labels).
 */
@Component
class TelegramPreview implements ChannelPreview {

    private final MessageRenderer renderer;
    private final ObjectMapper json;

    TelegramPreview(ObjectMapper json) {
        this.renderer = new MessageRenderer(json);
        this.json = json;
    }

    @Override
    public String channel() {
        return "telegram";
    }

    @Override
    public List<Bubble> preview(List<Outbound> messages) {
        List<Bubble> bubbles = new ArrayList<>();
        for (OutboxMessage request : renderer.render("0", messages, "preview")) {
            JsonNode body = read(request.body());
            boolean photo = MessageRenderer.SEND_PHOTO.equals(request.kind());
            String text = body.path(photo ? "caption" : "text").asText("");
            List<String> buttons = new ArrayList<>();
            body.path("reply_markup").path("inline_keyboard")
                    .forEach(row -> row.forEach(button -> buttons.add(button.path("text").asText())));
            bubbles.add(new Bubble(photo, "HTML".equals(body.path("parse_mode").asText()) ? HtmlUtils.htmlUnescape(text) : text,
                    buttons));
        }
        return bubbles;
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the renderer wrote JSON that does not read back", e);
        }
    }
}
