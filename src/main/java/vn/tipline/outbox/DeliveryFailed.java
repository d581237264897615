package vn.tipline.outbox;

/**
 * Published (as a Spring application event) when a message is given up: a permanent refusal, too many
 * failed attempts, or a chat that cannot be reached any more ({@code chatUnreachable}, e.g. the citizen
 * blocked the bot; every message queued for that chat is then dropped). Listeners run on the dispatcher
 * thread and must be quick; the chat id is for matching only and must not be logged or stored.
 *
 * @param messages how many queued messages were given up
 */
public record DeliveryFailed(String channel, String chatId, String code, boolean chatUnreachable, int messages) {
}
