package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import vn.tipline.channel.InboundMetrics;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.channel.WebhookRoute;
import vn.tipline.channel.InboundMetrics.Rejection;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /webhook/telegram}: checks Telegram's secret header before reading anything, records
 * the update durably, answers 200, and leaves the handling to the {@link InboundPipeline}. A 200 means
 * the update is safe; any other answer makes Telegram deliver it again. A button press is answered in
 * the 200 itself ({@code answerCallbackQuery} as its body), and recorded as answered. Mapped by
 * {@link TelegramConfiguration} in webhook mode only ({@link WebhookRoute}).
 */
@Tag(name = "Telegram", description = "Updates pushed by the Telegram Bot API")
class TelegramWebhookController {

    private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Updates are a few kilobytes; anything near this is not from Telegram. */
    static final int MAX_BODY = 1024 * 1024;

    private final WebhookSecret secret;
    private final InboundPipeline inbound;
    private final ObjectMapper json;
    private final InboundMetrics metrics;

    TelegramWebhookController(WebhookSecret secret, InboundPipeline inbound, ObjectMapper json, InboundMetrics metrics) {
        this.metrics = metrics;
        this.secret = secret;
        this.inbound = inbound;
        this.json = json;
    }

    @PostMapping("/webhook/telegram")
    @Operation(summary = "Receive one Telegram update (Telegram only: requires the webhook secret header)")
    ResponseEntity<?> receive(@RequestHeader(name = SECRET_HEADER, required = false) String presented,
                                          HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!secret.matches(presented)) {
            log.warn("Telegram webhook: a call without the right secret was refused");
            metrics.rejected(TelegramChannel.NAME, Rejection.UNAUTHORIZED);
            return problem(HttpStatus.UNAUTHORIZED, "Unauthorized", "missing or wrong " + SECRET_HEADER);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            metrics.rejected(TelegramChannel.NAME, Rejection.TOO_LARGE);
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Update too large", "an update is at most " + MAX_BODY + " bytes");
        }
        JsonNode update;
        try {
            update = json.readTree(body);
        } catch (IOException malformed) {
            metrics.rejected(TelegramChannel.NAME, Rejection.MALFORMED);
            return problem(HttpStatus.BAD_REQUEST, "Malformed update", "the body is not valid JSON");
        }
        if (update == null || !update.isObject() || !update.path("update_id").isIntegralNumber()) {
            metrics.rejected(TelegramChannel.NAME, Rejection.MALFORMED);
            return problem(HttpStatus.BAD_REQUEST, "Malformed update", "an update is a JSON object with an integer update_id");
        }
        long updateId = update.get("update_id").asLong();
        ObjectNode kept = UpdateMapper.minimal(update);
        String callbackQuery = UpdateMapper.markAnsweredOnReceipt(kept);
        try {
            if (inbound.accept(updateId, kept.toString(), UpdateMapper.routeKey(update))) {
                metrics.accepted(TelegramChannel.NAME);
            } else {
                metrics.rejected(TelegramChannel.NAME, Rejection.DUPLICATE);
            }
        } catch (DataAccessException e) {
            metrics.rejected(TelegramChannel.NAME, Rejection.STORE_UNAVAILABLE);
            // Not recorded: Telegram will deliver it again.
            log.warn("Telegram webhook: update {} not recorded ({}); Telegram will redeliver", updateId,
                    e.getClass().getSimpleName());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Not recorded", "the update could not be stored; try again");
        }
        acknowledge(response, callbackQuery);
        return null; // written: Spring MVC takes a null entity for a response already complete
    }

    /**
     * The 200, written to the response here rather than through the message converters: their content
     * negotiation and their flush (which sends the head before the body is known, so chunked) were a
     * tenth of the webhook's samples under load. With its length set, Tomcat sends the answer in one write.
     * Telegram performs a method given in the acknowledgement ("Making requests when getting updates"):
     * a press's button stops spinning without a call of ours. A duplicate is answered too: Telegram sends
     * an update again when it did not get the first acknowledgement, so that answer was never performed.
     */
    private void acknowledge(HttpServletResponse response, String callbackQuery) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        if (callbackQuery == null) {
            response.setContentLength(0);
            return;
        }
        byte[] body = json.writeValueAsBytes(json.createObjectNode().put("method", "answerCallbackQuery")
                .put("callback_query_id", callbackQuery));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
