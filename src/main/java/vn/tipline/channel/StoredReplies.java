package vn.tipline.channel;

import org.bson.Document;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * The replies to a conversation's last messages, kept in the conversation's own document so that the
 * same message handled again (after a crash between saving the conversation and finishing the event,
 * even when the chat's next messages were handled meanwhile) gets the same replies instead of running a
 * step again on the wrong input.
 */
final class StoredReplies {

    private StoredReplies() {
    }

    static List<Document> encode(List<Outbound> replies) {
        List<Document> out = new ArrayList<>();
        for (Outbound reply : replies) {
            Document d = new Document("text", reply.text());
            if (reply instanceof Outbound.Choice c) {
                d.append("type", "choice").append("buttons", buttons(c.buttons())).append("more", c.more());
            } else if (reply instanceof Outbound.AskLocation a) {
                d.append("type", "location").append("buttons", buttons(a.buttons())).append("shareLabel", a.shareLabel());
            } else if (reply instanceof Outbound.Media m) {
                d.append("type", "media").append("attachmentId", m.attachmentId()).append("contentType", m.contentType());
            } else {
                d.append("type", "text");
            }
            out.add(d);
        }
        return out;
    }

    static List<Outbound> decode(List<Document> stored) {
        List<Outbound> replies = new ArrayList<>();
        for (Document d : stored) {
            String text = d.getString("text");
            switch (String.valueOf(d.getString("type"))) {
                case "choice" -> replies.add(new Outbound.Choice(text, buttons(d), d.getString("more")));
                case "location" -> replies.add(new Outbound.AskLocation(text, buttons(d), d.getString("shareLabel")));
                case "media" -> replies.add(new Outbound.Media(d.getString("attachmentId"), d.getString("contentType"), text));
                default -> replies.add(new Outbound.Text(text));
            }
        }
        return replies;
    }

    private static List<Document> buttons(List<Button> buttons) {
        return buttons.stream().map(b -> new Document("label", b.label()).append("payload", b.payload())).toList();
    }

    private static List<Button> buttons(Document d) {
        List<Button> buttons = new ArrayList<>();
        for (Document b : d.getList("buttons", Document.class, List.of())) {
            buttons.add(new Button(b.getString("label"), b.getString("payload")));
        }
        return buttons;
    }
}
