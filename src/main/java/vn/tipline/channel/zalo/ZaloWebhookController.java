package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.channel.WebhookRoute;
import vn.tipline.channel.InboundMetrics;
import vn.tipline.channel.InboundMetrics.Rejection;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Zalo's webhook: the signature is checked over the raw bytes before anything is done with the
 * event; then the event is recorded durably and acknowledged at once (Zalo wants an answer within
 * about 2 s and retries for hours), and handled asynchronously. Mapped by {@link ZaloConfiguration}
 * when the channel is on ({@link WebhookRoute}).
 */
@Tag(name = "Webhooks")
class ZaloWebhookController {

    private static final Logger log = LoggerFactory.getLogger(ZaloWebhookController.class);
    static final int MAX_BODY = 64 * 1024;

    private final ZaloProperties properties;
    private final InboundPipeline inbound;
    private final ObjectMapper json;
    private final Clock clock;
    private final InboundMetrics metrics;

    ZaloWebhookController(ZaloProperties properties, InboundPipeline inbound, ObjectMapper json,
                          Clock clock, InboundMetrics metrics) {
        this.metrics = metrics;
        this.properties = properties;
        this.inbound = inbound;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/webhook/zalo")
    @Operation(summary = "Zalo OA events (signed with X-ZEvent-Signature)")
    ResponseEntity<?> receive(@RequestHeader(name = "X-ZEvent-Signature", required = false) String signature,
                              @RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            metrics.rejected(ZaloChannel.NAME, Rejection.MALFORMED);
            return problem(HttpStatus.BAD_REQUEST, "empty event");
        }
        if (body.length > MAX_BODY) {
            metrics.rejected(ZaloChannel.NAME, Rejection.TOO_LARGE);
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "event larger than " + MAX_BODY + " bytes");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            event = null;
        }
        String timestamp = event == null ? null : event.path("timestamp").asText(null);
        if (signature == null || timestamp == null
                || !ZaloSignature.verify(signature, properties.appId(), body, timestamp, properties.oaSecretKey())) {
            // Without a valid signature nothing about the request is trusted, not even that it is JSON.
            metrics.rejected(ZaloChannel.NAME, Rejection.UNAUTHORIZED);
            return problem(HttpStatus.UNAUTHORIZED, "missing or invalid X-ZEvent-Signature");
        }
        if (!properties.appId().equals(event.path("app_id").asText())) {
            metrics.rejected(ZaloChannel.NAME, Rejection.UNAUTHORIZED);
            return problem(HttpStatus.UNAUTHORIZED, "event for another app");
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            metrics.rejected(ZaloChannel.NAME, Rejection.MALFORMED);
            return problem(HttpStatus.BAD_REQUEST, "timestamp is not a number");
        }
        Duration age = Duration.ofMillis(Math.abs(clock.millis() - millis));
        if (age.compareTo(properties.signatureWindow()) > 0) {
            log.warn("Zalo event refused: timestamp {} s away from now (a replay?)", age.toSeconds());
            metrics.rejected(ZaloChannel.NAME, Rejection.STALE);
            return problem(HttpStatus.UNAUTHORIZED, "stale timestamp: refused as a replay");
        }
        String key = ZaloEvents.eventKey(event);
        String user = ZaloEvents.userOf(event).orElse(key);
        try {
            if (inbound.accept(key, ZaloEvents.minimal(event).toString(), user)) {
                metrics.accepted(ZaloChannel.NAME);
            } else {
                metrics.rejected(ZaloChannel.NAME, Rejection.DUPLICATE);
            }
        } catch (DataAccessException e) {
            metrics.rejected(ZaloChannel.NAME, Rejection.STORE_UNAVAILABLE);
            // Not recorded: a non-2xx answer makes Zalo deliver the event again later.
            log.error("Zalo event not recorded ({}): answered 503", e.getClass().getSimpleName());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "store unavailable, please retry");
        }
        return ResponseEntity.ok(Map.of("ok", true));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
