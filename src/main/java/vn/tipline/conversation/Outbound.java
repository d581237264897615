package vn.tipline.conversation;

import java.util.List;

/** What the bot says back, whatever the channel. */
public sealed interface Outbound {

    String text();

    record Text(String text) implements Outbound {
    }

    /**
     * Text with buttons; channels without buttons show them as a numbered list.
     *
     * @param more the text above further buttons, for a channel that must split them into several
     *             messages (Zalo: 5 a message), in the conversation's language; null: none given
     */
    record Choice(String text, List<Button> buttons, String more) implements Outbound {
        public Choice {
            buttons = List.copyOf(buttons);
        }

        public Choice(String text, List<Button> buttons) {
            this(text, buttons, null);
        }
    }

    /**
     * Asks for a place: a "share my location" button where the channel has one, a typed address otherwise.
     *
     * @param shareLabel the label of that button in the conversation's language; null: no button
     */
    record AskLocation(String text, List<Button> buttons, String shareLabel) implements Outbound {
        public AskLocation {
            buttons = List.copyOf(buttons);
        }

        public AskLocation(String text, List<Button> buttons) {
            this(text, buttons, null);
        }
    }

    /** An image or file from the evidence store (e.g. a broadcast picture). */
    record Media(String attachmentId, String contentType, String text) implements Outbound {
    }
}
