package vn.tipline.channel;

import vn.tipline.outbox.OutboxMessage;

import java.util.List;

/** What a channel supplies to the {@link InboundPipeline}: how to read one of its recorded events. */
public interface InboundHandler {

    /** The chat a recorded event belongs to: one chat's events are handled in order, on one worker. */
    String route(String raw) throws Exception;

    /**
     * Handles one recorded event and returns the rendered replies for its chat. Run again for the same
     * event after a crash, it gives the same replies (message keys derived from the event id) without
     * repeating its effects: the conversation remembers the message keys it answered.
     */
    Handled handle(Object eventId, String raw) throws Exception;

    /** The chat to answer and the replies; {@link #NOTHING} when nothing is to be sent. */
    record Handled(String chatId, List<OutboxMessage> replies) {

        public static final Handled NOTHING = new Handled(null, List.of());

        public boolean hasReplies() {
            return chatId != null && !replies.isEmpty();
        }
    }
}
