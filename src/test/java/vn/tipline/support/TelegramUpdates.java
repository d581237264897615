package vn.tipline.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Telegram updates in the Bot API's JSON shapes (core.telegram.org/bots/api#update), as a real
 * citizen's client produces them: with the sender's names, username and language, which the
 * service must never store or log. No update_id: the fake or the test adds it.
 */
public final class TelegramUpdates {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong MESSAGE_IDS = new AtomicLong(1);

    private TelegramUpdates() {
    }

    /** The sender's first name; the service must never keep it. */
    public static String firstName(long chatId) {
        return "Trần Thị " + chatId;
    }

    public static String username(long chatId) {
        return "citizen_" + chatId;
    }

    private static ObjectNode user(long id) {
        return JSON.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName(id))
                .put("last_name", "Hoa").put("username", username(id)).put("language_code", "vi");
    }

    private static ObjectNode message(long chatId) {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", MESSAGE_IDS.incrementAndGet());
        message.set("from", user(chatId));
        ObjectNode chat = message.putObject("chat").put("id", chatId);
        if (chatId < 0) {
            chat.put("type", "supergroup").put("title", "Hội cư dân khu phố 3");
        } else {
            chat.put("type", "private").put("first_name", firstName(chatId)).put("last_name", "Hoa")
                    .put("username", username(chatId));
        }
        message.put("date", Instant.now().getEpochSecond());
        return message;
    }

    private static ObjectNode update(String field, ObjectNode content) {
        ObjectNode update = JSON.createObjectNode();
        update.set(field, content);
        return update;
    }

    public static ObjectNode text(long chatId, String text) {
        ObjectNode message = message(chatId).put("text", text);
        if (text.startsWith("/")) {
            int end = text.indexOf(' ');
            message.putArray("entities").addObject().put("offset", 0).put("length", end < 0 ? text.length() : end)
                    .put("type", "bot_command");
        }
        return update("message", message);
    }

    public static ObjectNode location(long chatId, double latitude, double longitude) {
        ObjectNode message = message(chatId);
        message.putObject("location").put("latitude", latitude).put("longitude", longitude);
        return update("message", message);
    }

    /** A photo in the sizes Telegram makes; {@code fileId} is the largest (listed between the others on purpose). */
    public static ObjectNode photo(long chatId, String fileId, int size) {
        ObjectNode message = message(chatId);
        var sizes = message.putArray("photo");
        sizes.addObject().put("file_id", "thumb-" + fileId).put("file_unique_id", "t" + fileId).put("file_size", 600)
                .put("width", 16).put("height", 12);
        sizes.addObject().put("file_id", fileId).put("file_unique_id", "u" + fileId).put("file_size", size)
                .put("width", 64).put("height", 48);
        sizes.addObject().put("file_id", "mid-" + fileId).put("file_unique_id", "m" + fileId).put("file_size", 9000)
                .put("width", 32).put("height", 24);
        return update("message", message);
    }

    public static ObjectNode document(long chatId, String fileId, String mimeType, String fileName, int size) {
        ObjectNode message = message(chatId);
        message.putObject("document").put("file_id", fileId).put("file_unique_id", "d" + fileId)
                .put("file_name", fileName).put("mime_type", mimeType).put("file_size", size);
        return update("message", message);
    }

    public static ObjectNode contact(long chatId, String phone) {
        ObjectNode message = message(chatId);
        message.putObject("contact").put("phone_number", phone).put("first_name", firstName(chatId))
                .put("last_name", "Hoa").put("user_id", chatId);
        return update("message", message);
    }

    public static ObjectNode sticker(long chatId) {
        ObjectNode message = message(chatId);
        message.putObject("sticker").put("file_id", "CAACAgIAAxkBAAI").put("file_unique_id", "s1").put("type", "regular")
                .put("width", 512).put("height", 512).put("is_animated", false).put("is_video", false).put("emoji", "👍");
        return update("message", message);
    }

    public static ObjectNode voice(long chatId) {
        ObjectNode message = message(chatId);
        message.putObject("voice").put("file_id", "AwACAgIAAxkBAAI").put("file_unique_id", "v1").put("duration", 4)
                .put("mime_type", "audio/ogg").put("file_size", 8000);
        return update("message", message);
    }

    /** A voice note as the Bot API sends it (OGG Opus), its file added to the fake with {@code fileId}. */
    public static ObjectNode voice(long chatId, String fileId, int size) {
        ObjectNode message = message(chatId);
        message.putObject("voice").put("file_id", fileId).put("file_unique_id", "v" + fileId).put("duration", 3)
                .put("mime_type", "audio/ogg").put("file_size", size);
        return update("message", message);
    }

    /** A video with the name the phone gave it (which must not reach the store). */
    public static ObjectNode video(long chatId, String fileId, int size) {
        ObjectNode message = message(chatId);
        ObjectNode video = message.putObject("video").put("file_id", fileId).put("file_unique_id", "vi" + fileId)
                .put("width", 1280).put("height", 720).put("duration", 2).put("file_name", "VID_20261207_Nguyen_Van_A.mp4")
                .put("mime_type", "video/mp4").put("file_size", size);
        video.putObject("thumbnail").put("file_id", "thumb" + fileId).put("file_unique_id", "t" + fileId)
                .put("width", 320).put("height", 180).put("file_size", 900);
        return update("message", message);
    }

    /** A round video note: no mime type, no name, a side length instead of width and height. */
    public static ObjectNode videoNote(long chatId, String fileId, int size) {
        ObjectNode message = message(chatId);
        message.putObject("video_note").put("file_id", fileId).put("file_unique_id", "vn" + fileId).put("length", 384)
                .put("duration", 2).put("file_size", size);
        return update("message", message);
    }

    /** An audio file with the performer and title its tags gave Telegram. */
    public static ObjectNode audio(long chatId, String fileId, String mimeType, int size) {
        ObjectNode message = message(chatId);
        message.putObject("audio").put("file_id", fileId).put("file_unique_id", "a" + fileId).put("duration", 1)
                .put("performer", "Nguyen Van A").put("title", "Ghi am").put("file_name", "ghi-am-Nguyen-Van-A.mp3")
                .put("mime_type", mimeType).put("file_size", size);
        return update("message", message);
    }

    public static ObjectNode edited(long chatId, String text) {
        ObjectNode message = message(chatId).put("text", text).put("edit_date", Instant.now().getEpochSecond());
        return update("edited_message", message);
    }

    /** A live location moving: an edited_message with a location. */
    public static ObjectNode liveLocationMoved(long chatId, double latitude, double longitude) {
        ObjectNode message = message(chatId).put("edit_date", Instant.now().getEpochSecond());
        message.putObject("location").put("latitude", latitude).put("longitude", longitude).put("live_period", 900);
        return update("edited_message", message);
    }

    /** A press on an inline button the bot sent to this chat. */
    public static ObjectNode callback(long chatId, String data) {
        ObjectNode query = JSON.createObjectNode();
        query.put("id", "cbq" + MESSAGE_IDS.incrementAndGet());
        query.set("from", user(chatId));
        ObjectNode message = message(chatId).put("text", "…");
        message.set("from", JSON.createObjectNode().put("id", FakeTelegram.BOT_ID).put("is_bot", true)
                .put("first_name", "Tip line").put("username", FakeTelegram.BOT_USERNAME));
        query.set("message", message);
        query.put("chat_instance", "-" + chatId);
        query.put("data", data);
        return update("callback_query", query);
    }

    /** A message in a group, from user {@code userId}. */
    public static ObjectNode groupText(long groupId, long userId, String text) {
        ObjectNode message = message(groupId).put("text", text);
        message.set("from", user(userId));
        if (text.startsWith("/")) {
            int end = text.indexOf(' ');
            message.putArray("entities").addObject().put("offset", 0).put("length", end < 0 ? text.length() : end)
                    .put("type", "bot_command");
        }
        return update("message", message);
    }

    /** The citizen blocked ({@code blocked}) or unblocked the bot. */
    public static ObjectNode membership(long chatId, boolean blocked) {
        ObjectNode change = JSON.createObjectNode();
        change.putObject("chat").put("id", chatId).put("type", "private").put("first_name", firstName(chatId));
        change.set("from", user(chatId));
        change.put("date", Instant.now().getEpochSecond());
        ObjectNode bot = JSON.createObjectNode().put("id", FakeTelegram.BOT_ID).put("is_bot", true)
                .put("first_name", "Tip line").put("username", FakeTelegram.BOT_USERNAME);
        change.putObject("old_chat_member").put("status", blocked ? "member" : "kicked").set("user", bot);
        change.putObject("new_chat_member").put("status", blocked ? "kicked" : "member").set("user", bot.deepCopy());
        return update("my_chat_member", change);
    }
}
