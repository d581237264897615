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
}
