package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.tipline.channel.JsonFields;
import vn.tipline.conversation.Inbound;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Maps a raw Telegram update (Bot API JSON) to what it means for the tip line. */
class UpdateMapper {

    /**
     * Recordings taken as evidence, with the type each is when Telegram does not say (a voice note is
     * OGG Opus, a video note MP4); the bytes decide in the end.
     */
    private static final Map<String, String> RECORDINGS = Map.of("voice", "audio/ogg", "audio", "audio/mpeg",
            "video", "video/mp4", "video_note", "video/mp4");
    /** Kinds of message the bot cannot read; the engine answers {@code unsupported_<kind>} or the general text. */
    private static final List<String> OTHER_CONTENT = List.of("sticker", "animation", "dice", "poll", "game", "story",
            "paid_media", "invoice", "checklist", "giveaway");

    /** Ours, not Telegram's: set on a journalled update whose callback query was answered on receipt. */
    static final String ANSWERED_ON_RECEIPT = "answered_on_receipt";

    private final Supplier<String> botUsername;

    UpdateMapper(Supplier<String> botUsername) {
        this.botUsername = botUsername;
    }

    /** The chat an update belongs to, so one chat's updates are handled in order; "0" if none. */
    static String routeKey(JsonNode update) {
        for (String field : List.of("message", "edited_message", "my_chat_member")) {
            JsonNode chat = update.path(field).path("chat").path("id");
            if (chat.isIntegralNumber()) {
                return chat.asText();
            }
        }
        JsonNode callbackChat = update.path("callback_query").path("message").path("chat").path("id");
        if (callbackChat.isIntegralNumber()) {
            return callbackChat.asText();
        }
        JsonNode from = update.path("callback_query").path("from").path("id");
        return from.isIntegralNumber() ? from.asText() : "0";
    }

    /**
     * The part of an update that {@link #map} and {@link #routeKey} read: all the journal keeps of it until
     * it is handled. Gone are the sender's and the chat's names, user name and language, forwarded and
     * quoted messages, file names, a venue's title and address; kept are the chat id (to answer), what
     * the citizen sent, and a contact card the citizen chose to send (for a named tip).
     */
    static ObjectNode minimal(JsonNode update) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        JsonFields.copy(update, kept, "update_id");
        for (String field : List.of("message", "edited_message")) {
            JsonNode message = update.get(field);
            if (message != null && message.isObject()) {
                kept.set(field, minimalMessage(message));
            }
        }
        JsonFields.copy(update, kept, "callback_query.id", "callback_query.data", "callback_query.from.id",
                "callback_query.message.chat.id", "callback_query.message.chat.type",
                "my_chat_member.chat.id", "my_chat_member.chat.type",
                "my_chat_member.new_chat_member.status", "my_chat_member.old_chat_member.status");
        return kept;
    }

    /**
     * Marks a {@link #minimal} update whose callback query the webhook's acknowledgement answers, and
     * returns the query's id (null if there is none to answer): the handler then leaves it alone, on
     * its first pass and on a replay after a crash.
     */
    static String markAnsweredOnReceipt(ObjectNode minimal) {
        JsonNode id = minimal.path("callback_query").path("id");
        if (!id.isTextual()) {
            return null;
        }
        minimal.put(ANSWERED_ON_RECEIPT, true);
        return id.asText();
    }

    static boolean answeredOnReceipt(JsonNode update) {
        return update.path(ANSWERED_ON_RECEIPT).asBoolean(false);
    }

    private static ObjectNode minimalMessage(JsonNode message) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (String present : List.of("location", "venue", "document", "contact")) {
            if (message.has(present)) {
                kept.putObject(present);
            }
        }
        JsonFields.copy(message, kept, "chat.id", "chat.type", "text", "caption",
                "location.latitude", "location.longitude", "venue.location.latitude", "venue.location.longitude",
                "document.file_id", "document.file_size", "document.mime_type",
                "voice.file_id", "voice.file_size", "voice.mime_type", "audio.file_id", "audio.file_size",
                "audio.mime_type", "video.file_id", "video.file_size", "video.mime_type",
                "video_note.file_id", "video_note.file_size",
                "contact.phone_number", "contact.first_name", "contact.last_name");
        JsonFields.copyEach(message, kept, "entities", "type", "offset", "length");
        JsonFields.copyEach(message, kept, "caption_entities", "type", "offset", "length");
        JsonFields.copyEach(message, kept, "photo", "file_id", "file_size", "width", "height");
        for (String kind : OTHER_CONTENT) {
            if (message.has(kind)) {
                kept.putObject(kind);
            }
        }
        // Only a reply to a bot is read (a group replying to this bot); a bot's user name is not a person's.
        if (message.path("reply_to_message").path("from").path("is_bot").asBoolean(false)) {
            JsonFields.copy(message, kept, "reply_to_message.from.is_bot", "reply_to_message.from.username");
        }
        return kept;
    }

    TelegramUpdate map(JsonNode update) {
        if (update.has("message")) {
            return message(update.get("message"));
        }
        if (update.has("edited_message")) {
            return edited(update.get("edited_message"));
        }
        if (update.has("callback_query")) {
            return callback(update.get("callback_query"));
        }
        if (update.has("my_chat_member")) {
            return membership(update.get("my_chat_member"));
        }
        return new TelegramUpdate.Ignored("other_update");
    }

    private TelegramUpdate message(JsonNode message) {
        String chatId = chatId(message);
        if (chatId == null) {
            return new TelegramUpdate.Ignored("no_chat");
        }
        if (!isPrivate(message)) {
            return addressesBot(message) ? new TelegramUpdate.Group(chatId) : new TelegramUpdate.Ignored("group_chatter");
        }
        if (message.hasNonNull("text")) {
            return new TelegramUpdate.Conversation(chatId, text(message), null, null);
        }
        JsonNode location = message.has("venue") ? message.path("venue").path("location") : message.path("location");
        if (location.path("latitude").isNumber() && location.path("longitude").isNumber()) {
            return new TelegramUpdate.Conversation(chatId,
                    new Inbound.Location(location.get("latitude").asDouble(), location.get("longitude").asDouble()), null, null);
        }
        if (message.path("photo").isArray() && !message.path("photo").isEmpty()) {
            JsonNode largest = largest(message.get("photo"));
            return new TelegramUpdate.Conversation(chatId, null,
                    new TelegramUpdate.FileRef(largest.path("file_id").asText(), largest.path("file_size").asLong(0),
                            "image/jpeg"), null);
        }
        if (message.has("document")) {
            // Any document is fetched: the evidence store takes PDFs, pictures and recordings sent as files.
            return file(chatId, message.get("document"), "application/octet-stream");
        }
        for (Map.Entry<String, String> recording : RECORDINGS.entrySet()) {
            if (message.has(recording.getKey())) {
                return file(chatId, message.get(recording.getKey()), recording.getValue());
            }
        }
        if (message.has("contact")) {
            JsonNode contact = message.get("contact");
            String name = (contact.path("first_name").asText("") + " " + contact.path("last_name").asText("")).strip();
            return new TelegramUpdate.Conversation(chatId,
                    new Inbound.Contact(contact.path("phone_number").asText(""), name.isEmpty() ? null : name), null, null);
        }
        for (String kind : OTHER_CONTENT) {
            if (message.has(kind)) {
                return new TelegramUpdate.Conversation(chatId, new Inbound.Unsupported(kind), null, null);
            }
        }
        // Service messages (pinned, chat created, ...) say nothing to answer.
        return new TelegramUpdate.Ignored("service_message");
    }

    private static TelegramUpdate file(String chatId, JsonNode file, String usualType) {
        String type = file.path("mime_type").asText("").toLowerCase(Locale.ROOT);
        if (file.path("file_id").asText("").isEmpty()) {
            return new TelegramUpdate.Conversation(chatId, new Inbound.Unsupported("file"), null, null);
        }
        return new TelegramUpdate.Conversation(chatId, null, new TelegramUpdate.FileRef(file.path("file_id").asText(),
                file.path("file_size").asLong(0), type.isEmpty() ? usualType : type), null);
    }

    /** "/status@TiplineBot TG-..." is a command; other text is text (the engine reads a leading "/" as a command too). */
    private static Inbound text(JsonNode message) {
        String text = message.get("text").asText();
        for (JsonNode entity : message.path("entities")) {
            if ("bot_command".equals(entity.path("type").asText()) && entity.path("offset").asInt(-1) == 0) {
                int length = Math.min(entity.path("length").asInt(0), text.length());
                String command = text.substring(1, length);
                int at = command.indexOf('@');
                String name = (at >= 0 ? command.substring(0, at) : command).toLowerCase(Locale.ROOT);
                String argument = text.substring(length).strip();
                if (!name.isEmpty()) {
                    return new Inbound.Command(name, argument.isEmpty() ? null : argument);
                }
            }
        }
        return new Inbound.Text(text);
    }

    private TelegramUpdate edited(JsonNode message) {
        String chatId = chatId(message);
        if (chatId == null || !isPrivate(message)) {
            return new TelegramUpdate.Ignored("edited_elsewhere");
        }
        if (message.has("location")) {
            // A live location moving: not something the citizen typed again.
            return new TelegramUpdate.Ignored("live_location");
        }
        return new TelegramUpdate.Conversation(chatId, new Inbound.Unsupported("edited"), null, null);
    }

    private TelegramUpdate callback(JsonNode query) {
        String id = query.path("id").asText(null);
        JsonNode message = query.path("message");
        String chatId = chatId(message);
        if (id == null) {
            return new TelegramUpdate.Ignored("callback_without_id");
        }
        if (chatId == null || !isPrivate(message) || !query.hasNonNull("data")) {
            return new TelegramUpdate.AnswerOnly(id);
        }
        return new TelegramUpdate.Conversation(chatId, new Inbound.ButtonPress(query.get("data").asText()), null, id);
    }

    private TelegramUpdate membership(JsonNode change) {
        String chatId = chatId(change);
        if (chatId == null) {
            return new TelegramUpdate.Ignored("no_chat");
        }
        String now = change.path("new_chat_member").path("status").asText("");
        String before = change.path("old_chat_member").path("status").asText("");
        if (isPrivate(change)) {
            if (now.equals("kicked")) {
                return new TelegramUpdate.Reachability(chatId, true);
            }
            if (now.equals("member")) {
                return new TelegramUpdate.Reachability(chatId, false);
            }
            return new TelegramUpdate.Ignored("private_membership");
        }
        boolean joined = (now.equals("member") || now.equals("administrator"))
                && (before.equals("left") || before.equals("kicked") || before.isEmpty());
        return joined ? new TelegramUpdate.Group(chatId) : new TelegramUpdate.Ignored("group_membership");
    }

    /** In a group the bot answers only what is meant for it: a command for it, a mention, a reply to it. */
    private boolean addressesBot(JsonNode message) {
        String username = botUsername.get();
        String text = message.path("text").asText(message.path("caption").asText(""));
        for (JsonNode entity : message.has("entities") ? message.path("entities") : message.path("caption_entities")) {
            String type = entity.path("type").asText();
            int offset = entity.path("offset").asInt(0);
            int length = entity.path("length").asInt(0);
            if (offset < 0 || offset + length > text.length()) {
                continue;
            }
            String part = text.substring(offset, offset + length);
            if (type.equals("bot_command")) {
                int at = part.indexOf('@');
                if (at < 0 || username == null || part.substring(at + 1).equalsIgnoreCase(username)) {
                    return true;
                }
            } else if (type.equals("mention") && username != null && part.equalsIgnoreCase("@" + username)) {
                return true;
            }
        }
        JsonNode repliedTo = message.path("reply_to_message").path("from");
        return repliedTo.path("is_bot").asBoolean(false) && username != null
                && username.equalsIgnoreCase(repliedTo.path("username").asText(""));
    }

    private static JsonNode largest(JsonNode sizes) {
        JsonNode best = sizes.get(sizes.size() - 1);
        long bestArea = -1;
        for (JsonNode size : sizes) {
            long area = size.path("width").asLong(0) * size.path("height").asLong(0);
            if (area > bestArea) {
                bestArea = area;
                best = size;
            }
        }
        return best;
    }

    private static String chatId(JsonNode message) {
        JsonNode id = message.path("chat").path("id");
        return id.isIntegralNumber() ? id.asText() : null;
    }

    private static boolean isPrivate(JsonNode message) {
        return "private".equals(message.path("chat").path("type").asText());
    }
}
