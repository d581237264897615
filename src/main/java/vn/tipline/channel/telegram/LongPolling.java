package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import vn.tipline.channel.InboundMetrics;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.channel.InboundMetrics.Rejection;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Receives updates with getUpdates. Telegram forgets an update only when a later call asks for a
 * higher offset, and the offset moves only after the batch is recorded in the journal, so a crash
 * loses nothing; updates redelivered after a restart are recognised by their update_id.
 */
class LongPolling {

    private static final Logger log = LoggerFactory.getLogger(LongPolling.class);

    private final BotApiClient api;
    private final InboundPipeline inbound;
    private final Duration timeout;
    private final InboundMetrics metrics;
    private volatile boolean running = true;

    LongPolling(BotApiClient api, InboundPipeline inbound, Duration timeout,
                InboundMetrics metrics) {
        this.metrics = metrics;
        this.api = api;
        this.inbound = inbound;
        this.timeout = timeout;
    }

    /** Polls until {@link #stop()}; runs on the startup thread. */
    void run() {
        Long offset = null;
        int failures = 0;
        while (running) {
            try {
                JsonNode updates = api.getUpdates(offset, (int) Math.max(0, timeout.toSeconds()),
                        TelegramChannel.ALLOWED_UPDATES);
                Long next = record(updates);
                if (next != null) {
                    offset = next;
                }
                failures = 0;
            } catch (BotApiException e) {
                if (!running) {
                    return;
                }
                failures++;
                log.warn("Telegram getUpdates refused: {} {}", e.errorCode(), e.description());
                if (e.errorCode() == 409 && e.description().contains("webhook")) {
                    deleteWebhook();
                }
                pause(e.retryAfter() != null ? Duration.ofSeconds(e.retryAfter()) : backoff(failures));
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                log.warn("Telegram getUpdates failed ({}); retrying", e.getClass().getSimpleName());
                pause(backoff(failures));
            }
        }
    }

    /** Records a batch and returns the offset that confirms it, or null for an empty batch. */
    private Long record(JsonNode updates) {
        long max = -1;
        int fresh = 0;
        for (JsonNode update : updates) {
            JsonNode id = update.path("update_id");
            if (!id.isIntegralNumber()) {
                metrics.rejected(TelegramChannel.NAME, Rejection.MALFORMED);
                continue;
            }
            boolean recorded;
            try {
                recorded = inbound.accept(id.asLong(), UpdateMapper.minimal(update).toString(),
                        UpdateMapper.routeKey(update));
            } catch (DataAccessException e) {
                // The offset does not move: Telegram gives this update again.
                metrics.rejected(TelegramChannel.NAME, Rejection.STORE_UNAVAILABLE);
                throw e;
            }
            if (recorded) {
                fresh++;
                metrics.accepted(TelegramChannel.NAME);
            } else {
                metrics.rejected(TelegramChannel.NAME, Rejection.DUPLICATE);
            }
            max = Math.max(max, id.asLong());
        }
        if (updates.size() > 0) {
            log.debug("Telegram getUpdates: {} update(s), {} new", updates.size(), fresh);
        }
        return max < 0 ? null : max + 1;
    }

    private void deleteWebhook() {
        try {
            api.call("deleteWebhook", Map.of("drop_pending_updates", false));
        } catch (BotApiException | IOException e) {
            log.warn("Telegram deleteWebhook failed ({})", e.getClass().getSimpleName());
        }
    }

    private static Duration backoff(int failures) {
        return Duration.ofSeconds(Math.min(60, 1L << Math.min(failures - 1, 6)));
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    void stop() {
        running = false;
        api.cancelPoll();
    }
}
