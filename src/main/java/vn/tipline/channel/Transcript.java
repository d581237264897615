package vn.tipline.channel;

import org.bson.Document;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * The last messages of a web chat conversation as the page showed them, so that a reload or a second
 * tab shows the conversation again and continues it. Kept in the conversation's own document (one
 * write per message, as before; deleted with it) and bounded: the page needs the current question and
 * enough before it to read back, not the whole story, which the tip itself keeps.
 *
 * @param language the conversation's language, for the page to speak it too
 */
public record Transcript(String language, List<Line> lines) {

    static final String FIELD = "transcript";
    static final int KEPT = 50;
    private static final String CITIZEN = "citizen";

    public Transcript {
        lines = List.copyOf(lines);
    }

    /** One message: the citizen's as the page echoed it (text only), or the bot's. */
    public record Line(boolean citizen, Outbound message) {
    }

    /** The stored lines with the greeting (if shown just now), the citizen's message and the replies added; the last {@link #KEPT}. */
    static List<Document> extend(List<Document> stored, List<Outbound> greeting, Inbound inbound, List<Outbound> replies) {
        List<Document> lines = new ArrayList<>(stored);
        lines.addAll(StoredReplies.encode(greeting));
        String shown = shown(inbound, decode(lines));
        if (shown != null) {
            lines.add(new Document("from", CITIZEN).append("text", shown));
        }
        lines.addAll(StoredReplies.encode(replies));
        return List.copyOf(lines.subList(Math.max(0, lines.size() - KEPT), lines.size()));
    }

    static List<Line> decode(List<Document> stored) {
        List<Line> lines = new ArrayList<>();
        for (Document d : stored) {
            lines.add(CITIZEN.equals(d.getString("from")) ? new Line(true, new Outbound.Text(d.getString("text")))
                    : new Line(false, StoredReplies.decode(List.of(d)).get(0)));
        }
        return lines;
    }

    /** What the page shows for a message: a button by its label (the payload is the engine's), a place or file by a sign. */
    private static String shown(Inbound inbound, List<Line> before) {
        if (inbound instanceof Inbound.Text text) {
            return text.text().strip();
        }
        if (inbound instanceof Inbound.ButtonPress press) {
            for (int i = before.size() - 1; i >= 0; i--) {
                for (Button button : buttons(before.get(i).message())) {
                    if (button.payload().equals(press.payload())) {
                        return button.label();
                    }
                }
            }
            return null;
        }
        if (inbound instanceof Inbound.Location) {
            return "📍";
        }
        if (inbound instanceof Inbound.Media media) {
            return "📷 " + (media.contentType() == null ? "" : media.contentType());
        }
        return null;
    }

    private static List<Button> buttons(Outbound message) {
        if (message instanceof Outbound.Choice c) {
            return c.buttons();
        }
        return message instanceof Outbound.AskLocation a ? a.buttons() : List.of();
    }
}
