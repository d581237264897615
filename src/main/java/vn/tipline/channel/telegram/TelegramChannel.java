package vn.tipline.channel.telegram;

import java.util.List;

/** Names shared by the Telegram channel's parts. */
final class TelegramChannel {

    /** The channel name given to ConversationService and the outbox. */
    static final String NAME = "telegram";

    /** The updates the bot asks for (setWebhook and getUpdates alike). */
    static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query", "my_chat_member");

    private TelegramChannel() {
    }
}
