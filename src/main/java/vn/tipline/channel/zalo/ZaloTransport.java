package vn.tipline.channel.zalo;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.tipline.outbox.ChatRate;
import vn.tipline.outbox.Delivery;
import vn.tipline.outbox.OutboxTransport;
import vn.tipline.outbox.QueuedMessage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Delivers queued Zalo consultation messages. Zalo answers errors in the body: a rejected token
 * is refreshed and the message retried once; outside the 7-day interaction window (-230) or to a
 * user who does not follow the OA (-213) the message is undeliverable and not retried; -32
 * (rate) backs off; quota errors (-211/-218) back off for long and are logged for officers.
 */
class ZaloTransport implements OutboxTransport {

    private static final Logger log = LoggerFactory.getLogger(ZaloTransport.class);
    static final String KIND = "cs";

    private final ZaloApiClient api;
    private final ZaloTokens tokens;
    private final ObjectMapper json;
    private final double maxPerSecond;
    private volatile String quotaProblem;
    private final GridFsTemplate files;
    /** Zalo attachment ids of pictures already uploaded (a campaign's picture goes up once). */
    private final Map<String, String> uploaded = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 100;
                }
            });

    private final Duration rateLimitWait;

    ZaloTransport(ZaloApiClient api, ZaloTokens tokens, ObjectMapper json, double maxPerSecond, GridFsTemplate files,
                  Duration rateLimitWait) {
        this.files = files;
        this.rateLimitWait = rateLimitWait;
        this.api = api;
        this.tokens = tokens;
        this.json = json;
        this.maxPerSecond = maxPerSecond;
    }

    @Override
    public String channel() {
        return ZaloChannel.NAME;
    }

    @Override
    public ChatRate chatRate(String chatId) {
        return new ChatRate(Duration.ofMillis(300), 5);
    }

    @Override
    public double maxPerSecond() {
        return maxPerSecond;
    }

    /** Why sending is held back now (quota), for health; null when fine. */
    String quotaProblem() {
        return quotaProblem;
    }

    @Override
    public Delivery deliver(QueuedMessage message) {
        ObjectNode body;
        try {
            body = (ObjectNode) json.readTree(message.body());
        } catch (IOException | ClassCastException e) {
            return new Delivery.Rejected("malformed");
        }
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                String token = tokens.accessToken();
                ZaloApiClient.Outcome outcome;
                if (body.has(ZaloMessages.ATTACHMENT)) {
                    ZaloApiClient.Uploaded picture = picture(token, body.path(ZaloMessages.ATTACHMENT).asText());
                    if (picture == null) {
                        return new Delivery.Rejected("attachment_missing");
                    }
                    outcome = picture.outcome();
                    if (outcome.ok()) {
                        ObjectNode outgoing = body.deepCopy();
                        outgoing.remove(ZaloMessages.ATTACHMENT);
                        ((ObjectNode) outgoing.path("attachment").path("payload").path("elements").get(0))
                                .put("attachment_id", picture.attachmentId());
                        outcome = api.sendConsultation(token, message.chatId(), outgoing);
                    }
                } else {
                    outcome = api.sendConsultation(token, message.chatId(), body);
                }
                if (outcome.ok()) {
                    quotaProblem = null;
                    return Delivery.SENT;
                }
                if (outcome.tokenRejected()) {
                    tokens.invalidate(token);
                    continue;
                }
                if (outcome.undeliverable()) {
                    log.info("Zalo message undeliverable: error {} ({})", outcome.error(),
                            outcome.error() == -230 ? "outside the 7-day interaction window" : "not deliverable to this user");
                    return new Delivery.Rejected("zalo_" + Math.abs(outcome.error()));
                }
                if (outcome.rateLimited()) {
                    return new Delivery.RetryAfter(rateLimitWait, "zalo_rate");
                }
                if (outcome.quotaExceeded()) {
                    quotaProblem = "Zalo quota exceeded (error " + outcome.error() + ")";
                    log.error("Zalo quota exceeded (error {}): messages wait an hour; check the OA's quota", outcome.error());
                    return new Delivery.RetryAfter(Duration.ofHours(1), "zalo_quota");
                }
                return new Delivery.Transient("zalo_" + Math.abs(outcome.error()));
            }
            return new Delivery.Transient("zalo_token_rejected");
        } catch (ZaloTokens.Unavailable e) {
            return new Delivery.Transient("zalo_token_unavailable");
        } catch (InterruptedIOException e) {
            return new Delivery.Transient("timeout");
        } catch (IOException e) {
            return new Delivery.Transient("zalo_io");
        }
    }

    /**
     * Zalo's attachment id for a stored picture, uploading it the first time (one upload per picture:
     * other workers wait for its id); null if the picture is not in the store.
     */
    private ZaloApiClient.Uploaded picture(String token, String file) throws IOException {
        synchronized (uploaded) {
            String known = uploaded.get(file);
            if (known != null) {
                return new ZaloApiClient.Uploaded(new ZaloApiClient.Outcome(0, ""), known);
            }
            GridFSFile stored = ObjectId.isValid(file)
                    ? files.findOne(Query.query(Criteria.where("_id").is(new ObjectId(file)))) : null;
            if (stored == null) {
                return null;
            }
            GridFsResource resource = files.getResource(stored);
            byte[] data;
            try (java.io.InputStream in = resource.getInputStream()) {
                data = in.readAllBytes();
            }
            ZaloApiClient.Uploaded upload = api.uploadImage(token, data, resource.getContentType());
            if (upload.outcome().ok()) {
                uploaded.put(file, upload.attachmentId());
            }
            return upload;
        }
    }
}
