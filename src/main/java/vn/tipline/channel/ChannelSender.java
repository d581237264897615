package vn.tipline.channel;

import vn.tipline.conversation.Outbound;

import java.util.List;

/**
 * Delivers bot messages to one chat of one channel, outside a reply to that chat's own message
 * (an officer's follow-up, a relay answer, a broadcast). One implementation per channel.
 */
public interface ChannelSender {

    /** The channel name, as used in {@link ConversationService#handle}: "web", "telegram", "zalo". */
    String channel();

    /** Queues the messages durably; delivery may happen later. */
    void send(String chatId, List<Outbound> messages);

    /** What became of a message handed over with {@link #sendOnce}. */
    enum Handoff {
        /** Delivered at once (the web inbox): nothing more to learn. */
        DELIVERED,
        /** In the durable outbox under keys starting with the given key; its outcome comes later. */
        QUEUED,
        /** The chat is known to be unreachable (the citizen blocked the bot): nothing was queued. */
        UNREACHABLE
    }

    /**
     * Queues the messages at most once per {@code key}: the same key again (a retried batch after a
     * crash) queues nothing new and answers as the first time did. These are bulk messages (broadcasts):
     * they wait behind any reply to a citizen. Channels that cannot honour the key return null (the
     * default), and the caller treats the chat as having no sender.
     */
    default Handoff sendOnce(String chatId, List<Outbound> messages, String key) {
        return null;
    }
}
