package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * Channel-neutral replies as Zalo consultation messages. Buttons are {@code oa.query.hide}: a tap
 * sends their payload back as the user's text, hidden from the chat, prefixed so it is told
 * apart from typed text. Zalo shows at most 5 buttons per message and 2,000 characters.
 */
final class ZaloMessages {

    static final String BUTTON_PREFIX = "#q:";
    static final int MAX_TEXT = 2000;
    static final int MAX_BUTTONS = 5;
    /** Set in a media message: the evidence-store id of the picture to upload; not a Zalo field. */
    static final String ATTACHMENT = "tipline_attachment";

    private final ObjectMapper json;

    ZaloMessages(ObjectMapper json) {
        this.json = json;
    }

    List<ObjectNode> toZalo(Outbound outbound) {
        if (outbound instanceof Outbound.Media media) {
            // A media template; the transport uploads the picture and fills in Zalo's attachment id.
            ObjectNode message = json.createObjectNode();
            if (media.text() != null && !media.text().isBlank()) {
                message.put("text", truncate(media.text(), MAX_TEXT));
            }
            message.put(ATTACHMENT, media.attachmentId());
            ObjectNode payload = message.putObject("attachment").put("type", "template").putObject("payload");
            payload.put("template_type", "media");
            payload.putArray("elements").addObject().put("media_type", "image");
            return List.of(message);
        }
        List<Button> buttons = outbound instanceof Outbound.Choice c ? c.buttons()
                : outbound instanceof Outbound.AskLocation l ? l.buttons() : List.of();
        String more = outbound instanceof Outbound.Choice c && c.more() != null && !c.more().isBlank() ? c.more() : null;
        String text = outbound.text();
        if (buttons.size() > MAX_BUTTONS) {
            // Every option stays reachable by typing its number, as the engine accepts.
            StringBuilder list = new StringBuilder(text);
            for (int i = 0; i < buttons.size(); i++) {
                list.append('\n').append(i + 1).append(". ").append(buttons.get(i).label());
            }
            text = list.toString();
        }
        List<ObjectNode> messages = new ArrayList<>();
        List<String> parts = split(text);
        for (int i = 0; i < parts.size() - 1; i++) {
            messages.add(json.createObjectNode().put("text", parts.get(i)));
        }
        String last = parts.get(parts.size() - 1);
        if (buttons.isEmpty()) {
            messages.add(json.createObjectNode().put("text", last));
            return messages;
        }
        for (int from = 0; from < buttons.size(); from += MAX_BUTTONS) {
            int to = Math.min(buttons.size(), from + MAX_BUTTONS);
            // Zalo requires a text above buttons: a following message says what its buttons are.
            String numbers = to - from == 1 ? String.valueOf(to) : (from + 1) + "–" + to;
            String chunkText = from == 0 ? last : more != null ? more + " " + numbers : numbers;
            messages.add(withButtons(chunkText, buttons.subList(from, to)));
        }
        return messages;
    }

    private ObjectNode withButtons(String text, List<Button> buttons) {
        ObjectNode message = json.createObjectNode().put("text", text);
        ObjectNode payload = message.putObject("attachment").put("type", "template").putObject("payload");
        ArrayNode array = payload.putArray("buttons");
        for (Button button : buttons) {
            array.addObject().put("title", truncate(button.label(), 100)).put("type", "oa.query.hide")
                    .put("payload", BUTTON_PREFIX + button.payload());
        }
        return message;
    }

    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        String rest = text == null || text.isEmpty() ? " " : text;
        while (rest.length() > MAX_TEXT) {
            int cut = rest.lastIndexOf('\n', MAX_TEXT);
            if (cut < MAX_TEXT / 2) {
                cut = rest.lastIndexOf(' ', MAX_TEXT);
            }
            if (cut < MAX_TEXT / 2) {
                cut = MAX_TEXT;
            }
            if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
                cut--;
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
