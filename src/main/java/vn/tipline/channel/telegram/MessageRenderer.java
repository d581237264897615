package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.OutboxMessage;
import vn.tipline.tip.TipService;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the engine's channel-neutral replies into Bot API requests: choices as inline keyboards, a
 * location question as a reply keyboard with a "share my location" button, texts over 4,096
 * characters split, every text HTML-escaped (sent with {@code parse_mode: HTML}, so text a citizen
 * typed and the bot repeats can never be read as markup).
 */
class MessageRenderer {

    static final int MAX_TEXT = 4096;
    static final int MAX_CAPTION = 1024;
    static final String SEND_MESSAGE = "sendMessage";
    static final String SEND_PHOTO = "sendPhoto";
    /** Set in a sendPhoto body: the evidence id the transport uploads; not a Bot API parameter. */
    static final String ATTACHMENT = "tipline_attachment";

    private final ObjectMapper json;

    MessageRenderer(ObjectMapper json) {
        this.json = json;
    }

    /** The requests for one turn's replies; keys are {@code keyPrefix:i:j}, stable for the same turn. */
    List<OutboxMessage> render(String chatId, List<Outbound> replies, String keyPrefix) {
        List<OutboxMessage> out = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            List<ObjectNode> requests;
            if (captionFor(replies, i) instanceof Outbound.Choice caption) {
                // A picture without text followed by a short text with buttons: one sendPhoto with both.
                requests = photo(chatId, new Outbound.Media(((Outbound.Media) replies.get(i)).attachmentId(), null,
                        caption.text()));
                if (!caption.buttons().isEmpty()) {
                    requests.get(0).set("reply_markup", inlineKeyboard(caption.buttons()));
                }
                out.add(new OutboxMessage(keyPrefix + ":" + i + ":0", SEND_PHOTO, requests.get(0).toString()));
                i++;
                continue;
            }
            requests = requests(chatId, replies.get(i));
            for (int j = 0; j < requests.size(); j++) {
                ObjectNode request = requests.get(j);
                String kind = request.has(ATTACHMENT) ? SEND_PHOTO : SEND_MESSAGE;
                out.add(new OutboxMessage(keyPrefix + ":" + i + ":" + j, kind, request.toString()));
            }
        }
        return out;
    }

    /** The reply that can ride as the caption of the picture at {@code i}, or null. */
    private static Outbound captionFor(List<Outbound> replies, int i) {
        if (i + 1 >= replies.size() || !(replies.get(i) instanceof Outbound.Media media)
                || (media.text() != null && !media.text().isEmpty())) {
            return null;
        }
        Outbound next = replies.get(i + 1);
        return next instanceof Outbound.Choice choice && choice.text() != null && !choice.text().isEmpty()
                && choice.text().length() <= MAX_CAPTION ? next : null;
    }

    private List<ObjectNode> requests(String chatId, Outbound outbound) {
        if (outbound instanceof Outbound.Media media) {
            return photo(chatId, media);
        }
        List<String> chunks = split(outbound.text() == null ? "" : outbound.text(), MAX_TEXT);
        List<ObjectNode> requests = new ArrayList<>();
        for (String chunk : chunks) {
            requests.add(message(chatId, chunk));
        }
        if (requests.isEmpty()) {
            return requests;
        }
        ObjectNode last = requests.get(requests.size() - 1);
        if (outbound instanceof Outbound.Choice choice && !choice.buttons().isEmpty()) {
            last.set("reply_markup", inlineKeyboard(choice.buttons()));
        } else if (outbound instanceof Outbound.AskLocation ask && ask.shareLabel() != null && !ask.shareLabel().isBlank()) {
            last.set("reply_markup", locationKeyboard(ask));
        } else if (outbound instanceof Outbound.AskLocation ask && !ask.buttons().isEmpty()) {
            last.set("reply_markup", inlineKeyboard(ask.buttons()));
        } else {
            // A plain message takes away a "share my location" keyboard left from an earlier question.
            last.set("reply_markup", json.createObjectNode().put("remove_keyboard", true));
        }
        return requests;
    }

    private List<ObjectNode> photo(String chatId, Outbound.Media media) {
        List<ObjectNode> requests = new ArrayList<>();
        ObjectNode photo = json.createObjectNode();
        putChatId(photo, chatId);
        photo.put(ATTACHMENT, media.attachmentId());
        String caption = media.text() == null ? "" : media.text();
        if (!caption.isEmpty() && caption.length() <= MAX_CAPTION) {
            photo.put("caption", escape(caption));
            photo.put("parse_mode", "HTML");
            caption = "";
        }
        requests.add(photo);
        for (String chunk : split(caption, MAX_TEXT)) {
            requests.add(message(chatId, chunk));
        }
        return requests;
    }

    private ObjectNode message(String chatId, String text) {
        ObjectNode request = json.createObjectNode();
        putChatId(request, chatId);
        // A receipt code in <code>: Telegram copies it with one tap, and never breaks it across lines.
        request.put("text", TipService.receiptCodeInText().matcher(escape(text)).replaceAll("<code>$0</code>"));
        request.put("parse_mode", "HTML");
        return request;
    }

    private ObjectNode inlineKeyboard(List<Button> buttons) {
        ArrayNode rows = json.createArrayNode();
        for (Button button : buttons) {
            int bytes = button.payload().getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > Button.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("a button payload of " + bytes + " bytes does not fit Telegram's "
                        + Button.MAX_PAYLOAD_BYTES + "-byte callback_data");
            }
            ArrayNode row = rows.addArray();
            row.addObject().put("text", button.label()).put("callback_data", button.payload());
        }
        ObjectNode markup = json.createObjectNode();
        markup.set("inline_keyboard", rows);
        return markup;
    }

    private ObjectNode locationKeyboard(Outbound.AskLocation ask) {
        ArrayNode rows = json.createArrayNode();
        rows.addArray().addObject().put("text", ask.shareLabel()).put("request_location", true);
        // Extra choices of a location question can only be reply buttons here: pressing one sends its label as text.
        ask.buttons().forEach(b -> rows.addArray().addObject().put("text", b.label()));
        ObjectNode markup = json.createObjectNode();
        markup.set("keyboard", rows);
        markup.put("resize_keyboard", true);
        markup.put("one_time_keyboard", true);
        return markup;
    }

    private static void putChatId(ObjectNode request, String chatId) {
        try {
            request.put("chat_id", Long.parseLong(chatId));
        } catch (NumberFormatException channelUsername) {
            request.put("chat_id", chatId);
        }
    }

    /** Escapes for parse_mode HTML: only &, < and > are special there. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Splits text into parts of at most {@code max} UTF-16 units (how Telegram counts), at a line
     * break or a space when there is one in the second half of the part, never inside a surrogate pair.
     */
    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > max) {
            int end = start + max;
            int cut = text.lastIndexOf('\n', end - 1);
            if (cut < start + max / 2) {
                cut = text.lastIndexOf(' ', end - 1);
            }
            if (cut < start + max / 2) {
                cut = end;
                if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                    cut--;
                }
                parts.add(text.substring(start, cut));
                start = cut;
            } else {
                parts.add(text.substring(start, cut));
                start = cut + 1;
            }
        }
        if (start < text.length()) {
            String rest = text.substring(start);
            if (!rest.isBlank() || parts.isEmpty()) {
                parts.add(rest);
            }
        }
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** The refusal for a group: both languages, since a group has no conversation language. */
    List<OutboxMessage> groupRefusal(String chatId, String vietnamese, String english, String keyPrefix) {
        return render(chatId, List.of(new Outbound.Text(vietnamese + "\n\n" + english)), keyPrefix);
    }
}
