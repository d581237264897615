package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.tipline.channel.JsonFields;
import vn.tipline.conversation.Inbound;

import java.io.IOException;
import java.util.Optional;

/** Zalo webhook events as channel-neutral messages. */
final class ZaloEvents {

    private ZaloEvents() {
    }

    /** What one event means for the tip line. */
    sealed interface Meaning {
    }

    /** A message from a user to feed to the conversation. */
    record Message(String userId, Inbound inbound) implements Meaning {
    }

    /** A user followed the OA: greet them. */
    record Followed(String userId) implements Meaning {
    }

    /** A user unfollowed: nothing can reach them any more. */
    record Unfollowed(String userId) implements Meaning {
    }

    /** An event the tip line has no use for (OA's own messages, seen receipts, ...). */
    record Ignored(String eventName) implements Meaning {
    }

    interface Downloader {
        /** The file at {@code url}; null when it is larger than the tip line takes. */
        byte[] download(String url) throws IOException;
    }

    /**
     * The part of an event that {@link #read}, {@link #eventKey} and {@link #userOf} need: all the journal
     * keeps of it until it is handled. Gone are display names, avatars, the recipient and anything Zalo
     * adds; kept are the user id (to answer), what the citizen sent, and the name and phone of a contact
     * form the citizen chose to submit (for a named tip), without its address.
     */
    static ObjectNode minimal(JsonNode event) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        JsonFields.copy(event, kept, "event_name", "app_id", "timestamp", "user_id_by_app", "sender.id", "follower.id",
                "message.msg_id", "message.text");
        if (event.path("message").path("attachments").isArray()) {
            ObjectNode message = kept.get("message") instanceof ObjectNode m ? m : kept.putObject("message");
            JsonFields.copyEach(event.get("message"), message, "attachments", "payload.url",
                    "payload.coordinates.latitude", "payload.coordinates.longitude");
        }
        if ("user_submit_info".equals(event.path("event_name").asText())) {
            JsonFields.copy(event, kept, "info.phone", "info.name");
        }
        return kept;
    }

    /** The key an event is recorded under: Zalo's msg_id, else a digest of the event's own fields. */
    static String eventKey(JsonNode event) {
        String msgId = event.path("message").path("msg_id").asText("");
        if (!msgId.isEmpty()) {
            return msgId;
        }
        return event.path("event_name").asText("") + ":" + userOf(event).orElse("") + ":" + event.path("timestamp").asText("");
    }

    static Optional<String> userOf(JsonNode event) {
        String sender = event.path("sender").path("id").asText("");
        if (!sender.isEmpty()) {
            return Optional.of(sender);
        }
        String follower = event.path("follower").path("id").asText("");
        if (!follower.isEmpty()) {
            return Optional.of(follower);
        }
        String byApp = event.path("user_id_by_app").asText("");
        return byApp.isEmpty() ? Optional.empty() : Optional.of(byApp);
    }

    static Meaning read(JsonNode event, Downloader downloader) {
        String name = event.path("event_name").asText("");
        Optional<String> user = userOf(event);
        if (user.isEmpty()) {
            return new Ignored(name);
        }
        String userId = user.get();
        JsonNode message = event.path("message");
        JsonNode attachment = message.path("attachments").path(0);
        switch (name) {
            case "follow":
                return new Followed(userId);
            case "unfollow":
                return new Unfollowed(userId);
            case "user_send_text": {
                String text = message.path("text").asText("");
                if (text.startsWith(ZaloMessages.BUTTON_PREFIX)) {
                    return new Message(userId, new Inbound.ButtonPress(text.substring(ZaloMessages.BUTTON_PREFIX.length())));
                }
                return new Message(userId, new Inbound.Text(text));
            }
            case "user_send_image":
            case "user_send_file":
            case "user_send_audio":
            case "user_send_video": {
                String url = attachment.path("payload").path("url").asText("");
                if (url.isEmpty()) {
                    return new Message(userId, new Inbound.Unsupported("file"));
                }
                try {
                    byte[] data = downloader.download(url);
                    // Zalo declares no MIME type (a file's "type" is its name's extension): the bytes decide.
                    return new Message(userId, data == null ? new Inbound.Unsupported("large_file") : new Inbound.Media(data, null));
                } catch (IOException e) {
                    return new Message(userId, new Inbound.Unsupported("download_failed"));
                }
            }
            case "user_send_location": {
                JsonNode coordinates = attachment.path("payload").path("coordinates");
                double lat = coordinates.path("latitude").asDouble(Double.NaN);
                double lon = coordinates.path("longitude").asDouble(Double.NaN);
                if (Double.isNaN(lat) || Double.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
                    return new Message(userId, new Inbound.Unsupported("location"));
                }
                return new Message(userId, new Inbound.Location(lat, lon));
            }
            case "user_submit_info": {
                JsonNode info = event.path("info");
                return new Message(userId, new Inbound.Contact(info.path("phone").asText(""), info.path("name").asText(null)));
            }
            default:
                if (name.startsWith("user_send_")) {
                    return new Message(userId, new Inbound.Unsupported(name.substring("user_send_".length())));
                }
                return new Ignored(name);
        }
    }
}
