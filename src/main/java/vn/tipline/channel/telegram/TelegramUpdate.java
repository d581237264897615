package vn.tipline.channel.telegram;

import vn.tipline.conversation.Inbound;

/** What one Telegram update means for the tip line; the only place Telegram's shapes are read. */
sealed interface TelegramUpdate {

    /** A file to fetch (getFile, then download) before the engine sees it as {@link Inbound.Media}. */
    record FileRef(String fileId, long size, String contentType) {
    }

    /**
     * Something for the citizen's conversation in a private chat. Exactly one of {@code inbound} and
     * {@code file} is set; {@code callbackQueryId} is set for a button press (always answered).
     */
    record Conversation(String chatId, Inbound inbound, FileRef file, String callbackQueryId) implements TelegramUpdate {
    }

    /** A group addressed the bot (a command, a mention, the bot being added): it says to write privately. */
    record Group(String chatId) implements TelegramUpdate {
    }

    /** The citizen blocked ({@code blocked}) or unblocked the bot. */
    record Reachability(String chatId, boolean blocked) implements TelegramUpdate {
    }

    /** Only a callback query to answer (a button in a group, an inline message, a game). */
    record AnswerOnly(String callbackQueryId) implements TelegramUpdate {
    }

    /** Nothing to do (service messages, chatter in groups, live location updates); {@code kind} for logs. */
    record Ignored(String kind) implements TelegramUpdate {
    }
}
