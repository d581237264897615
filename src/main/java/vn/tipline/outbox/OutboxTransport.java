package vn.tipline.outbox;

/** Sends a channel's queued messages to its platform. One bean per channel that has an outbox. */
public interface OutboxTransport {

    /** The channel name, as in {@link Outbox#enqueue}. */
    String channel();

    /** The pace for one chat (may differ between private chats and groups). */
    ChatRate chatRate(String chatId);

    /** Messages per second over all chats of the channel in this instance; 0 or less: no limit. */
    double maxPerSecond();

    /** One attempt; must not throw (an exception counts as a transient failure). */
    Delivery deliver(QueuedMessage message);
}
