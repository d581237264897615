package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import vn.tipline.outbox.ChatRate;
import vn.tipline.outbox.Delivery;
import vn.tipline.outbox.OutboxTransport;
import vn.tipline.outbox.QueuedMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Delivers the Telegram outbox through the Bot API and says what each Telegram error means for the queue. */
class TelegramTransport implements OutboxTransport {

    private final BotApiClient api;
    private final ObjectMapper json;
    private final GridFsTemplate evidence;
    /** Telegram's file ids of pictures already uploaded, by our file id (the most recent hundred). */
    private final Map<String, String> fileIds = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 100;
                }
            });
    private final TelegramProperties properties;

    TelegramTransport(BotApiClient api, ObjectMapper json, GridFsTemplate evidence, TelegramProperties properties) {
        this.api = api;
        this.json = json;
        this.evidence = evidence;
        this.properties = properties;
    }

    @Override
    public String channel() {
        return TelegramChannel.NAME;
    }

    @Override
    public ChatRate chatRate(String chatId) {
        // Group and supergroup ids are negative: 20 messages a minute there.
        return chatId.startsWith("-") ? new ChatRate(properties.groupInterval(), 1)
                : new ChatRate(properties.chatInterval(), properties.chatBurst());
    }

    @Override
    public double maxPerSecond() {
        return properties.maxPerSecond();
    }

    @Override
    public Delivery deliver(QueuedMessage message) {
        try {
            if (MessageRenderer.SEND_PHOTO.equals(message.kind())) {
                return sendPhoto(message);
            }
            api.call(message.kind(), message.body());
            return Delivery.SENT;
        } catch (BotApiException e) {
            return classify(e);
        } catch (InterruptedIOException timeout) {
            return new Delivery.Transient("timeout");
        } catch (IOException e) {
            return new Delivery.Transient("io");
        }
    }

    static Delivery classify(BotApiException e) {
        String description = e.description().toLowerCase(Locale.ROOT);
        int code = e.errorCode();
        if (code == 429) {
            int seconds = e.retryAfter() == null ? 1 : Math.max(1, e.retryAfter());
            return new Delivery.RetryAfter(Duration.ofSeconds(seconds), "429");
        }
        if (code == 403) {
            // "bot was blocked by the user", "user is deactivated", "bot was kicked from the group chat", ...
            return new Delivery.Unreachable(description.contains("blocked") ? "blocked"
                    : description.contains("deactivated") ? "deactivated" : "forbidden");
        }
        if (code == 400 && (description.contains("chat not found") || description.contains("upgraded to a supergroup"))) {
            return new Delivery.Unreachable("chat_not_found");
        }
        if (code == 400) {
            return new Delivery.Rejected("bad_request");
        }
        if (code >= 500) {
            return new Delivery.Transient(String.valueOf(code));
        }
        // 401/404 (a wrong token), 409, anything new: keep the message and retry with backoff.
        return new Delivery.Transient(String.valueOf(code));
    }

    private Delivery sendPhoto(QueuedMessage message) throws IOException, BotApiException {
        JsonNode body = json.readTree(message.body());
        String attachment = body.path(MessageRenderer.ATTACHMENT).asText("");
        if (fileIds.get(attachment) != null) {
            return sendPhoto(body, attachment);
        }
        // The first send of a picture uploads it; the other workers wait for its file id instead of uploading too.
        synchronized (fileIds) {
            return sendPhoto(body, attachment);
        }
    }

    private Delivery sendPhoto(JsonNode body, String attachment) throws IOException, BotApiException {
        String fileId = fileIds.get(attachment);
        if (fileId != null) {
            // Sent before (a campaign's picture): Telegram keeps it; no second upload.
            com.fasterxml.jackson.databind.node.ObjectNode again = ((com.fasterxml.jackson.databind.node.ObjectNode) body).deepCopy();
            again.remove(MessageRenderer.ATTACHMENT);
            again.put("photo", fileId);
            try {
                api.call("sendPhoto", again.toString());
                return Delivery.SENT;
            } catch (BotApiException e) {
                if (e.errorCode() != 400 || !e.description().contains("file")) {
                    throw e;
                }
                fileIds.remove(attachment); // no longer known to Telegram: upload it again
            }
        }
        GridFSFile file = ObjectId.isValid(attachment)
                ? evidence.findOne(Query.query(Criteria.where("_id").is(new ObjectId(attachment)))) : null;
        if (file == null) {
            return new Delivery.Rejected("attachment_missing");
        }
        GridFsResource resource = evidence.getResource(file);
        byte[] data;
        try (InputStream in = resource.getInputStream()) {
            data = in.readAllBytes();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        body.fields().forEachRemaining(f -> {
            if (!f.getKey().equals(MessageRenderer.ATTACHMENT)) {
                // Form fields: objects such as reply_markup go as JSON text.
                fields.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            }
        });
        String contentType = resource.getContentType() == null ? "image/jpeg" : resource.getContentType();
        JsonNode sent = api.upload("sendPhoto", fields, "photo", data, contentType,
                contentType.endsWith("png") ? "photo.png" : "photo.jpg");
        JsonNode sizes = sent == null ? null : sent.path("photo");
        if (sizes != null && sizes.isArray() && sizes.size() > 0) {
            String largest = sizes.get(sizes.size() - 1).path("file_id").asText("");
            if (!largest.isEmpty()) {
                fileIds.put(attachment, largest);
            }
        }
        return Delivery.SENT;
    }
}
