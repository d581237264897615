package vn.tipline.outbox;

/**
 * A message handed to a transport for delivery.
 *
 * @param attempts failed attempts so far (0 on the first try)
 */
public record QueuedMessage(String key, String channel, String chatId, String kind, String body, int attempts) {
}
