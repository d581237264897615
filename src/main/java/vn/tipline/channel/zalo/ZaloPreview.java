package vn.tipline.channel.zalo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import vn.tipline.channel.ChannelPreview;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.OutboxMessage;

import java.util.ArrayList;
import java.util.List;

/** Zalo's preview: the messages {@link ZaloRenderer} makes (plain text, at most 2,000 characters each), read back. */
@Component
class ZaloPreview implements ChannelPreview {

    private final ZaloRenderer renderer;
    private final ObjectMapper json;

    ZaloPreview(ObjectMapper json) {
        this.renderer = new ZaloRenderer(json);
        this.json = json;
    }

    @Override
    public String channel() {
        return "zalo";
    }

    @Override
    public List<Bubble> preview(List<Outbound> messages) {
        List<Bubble> bubbles = new ArrayList<>();
        for (OutboxMessage message : renderer.render(messages, "preview")) {
            JsonNode body = read(message.body());
            List<String> buttons = new ArrayList<>();
            body.path("attachment").path("payload").path("buttons").forEach(b -> buttons.add(b.path("title").asText()));
            bubbles.add(new Bubble(body.has(ZaloMessages.ATTACHMENT), body.path("text").asText(""), buttons));
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
