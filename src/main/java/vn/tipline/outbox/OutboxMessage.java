package vn.tipline.outbox;

/**
 * One message a channel wants delivered, already in the channel's own request form.
 *
 * @param key  idempotency key: a message whose key is queued or was delivered recently is not queued again
 * @param kind what the channel's transport does with it (Telegram: the Bot API method, e.g. "sendMessage")
 * @param body the request, opaque to the outbox (Telegram: the JSON parameters)
 */
public record OutboxMessage(String key, String kind, String body) {

    public OutboxMessage {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an outbox message needs an idempotency key");
        }
    }
}
