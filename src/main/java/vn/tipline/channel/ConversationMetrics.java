package vn.tipline.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import vn.tipline.abuse.InboundGuard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Counts and times what citizens send, by channel and fate; never by who or what. */
@Component
class ConversationMetrics {

    private final MeterRegistry registry;
    private final Timer step;
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();

    ConversationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.step = Timer.builder("tipline.flow.step").description("Time to handle one citizen message in the flow engine")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void message(String channel, InboundGuard.Verdict verdict) {
        // Found once per channel and outcome: the registry's look-up builds and sorts the tags on every call.
        messages.computeIfAbsent(channel + "/" + verdict.name(), k -> Counter.builder("tipline.messages")
                .description("Citizen messages by channel and outcome")
                .tag("channel", channel).tag("outcome", verdict.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)).increment();
    }

    <T> T timeStep(Supplier<T> work) {
        return step.record(work);
    }
}
