package vn.tipline.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What the platforms deliver (webhook calls, polled updates), per channel, before any handling:
 * {@code tipline.inbound.received} = {@code tipline.inbound.accepted} + {@code tipline.inbound.rejected};
 * and {@code tipline.inbound.handled}, the accepted ones finished, so that handling falling behind shows
 * as accepted minus handled (the inbound benchmark waits on it: the store is closed to other processes).
 * Never by chat or content.
 */
@Component
public class InboundMetrics {

    /** Why an update was not taken for handling. */
    public enum Rejection {
        /** Missing or wrong secret or signature, or an event for another app. */
        UNAUTHORIZED,
        /** Not JSON, or without the fields an update must have. */
        MALFORMED,
        TOO_LARGE,
        /** A valid signature but a timestamp too far from now: refused as a replay. */
        STALE,
        /** Could not be recorded; the platform delivers it again. */
        STORE_UNAVAILABLE,
        /** Recorded before (a redelivery): acknowledged, not handled again. */
        DUPLICATE
    }

    private final MeterRegistry registry;

    InboundMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String channel) {
        received(channel);
        Counter.builder("tipline.inbound.accepted").description("Platform updates recorded for handling, by channel")
                .tag("channel", channel).register(registry).increment();
    }

    public void rejected(String channel, Rejection reason) {
        received(channel);
        Counter.builder("tipline.inbound.rejected").description("Platform updates not taken for handling, by channel and reason")
                .tag("channel", channel).tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /**
     * An accepted update is finished, once per update: {@code outcome} is the journal's final status
     * ({@link InboundJournal#DONE}, or {@link InboundJournal#FAILED} when it was given up).
     */
    public void handled(String channel, String outcome) {
        Counter.builder("tipline.inbound.handled").description("Accepted platform updates finished, by channel and outcome")
                .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
    }

    private void received(String channel) {
        Counter.builder("tipline.inbound.received").description("Platform updates received (webhook or polling), by channel")
                .tag("channel", channel).register(registry).increment();
    }
}
