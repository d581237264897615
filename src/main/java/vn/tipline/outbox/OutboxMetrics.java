package vn.tipline.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code tipline.outbox.depth}: messages waiting to be sent (all channels); {@code tipline.outbox.oldest.age}:
 * seconds the oldest of them has waited. A depth that grows, or an age of minutes, means a platform is
 * refusing or throttling us (see {@code tipline.outbox.deliveries} by code). Read when scraped.
 */
@Component
class OutboxMetrics implements MeterBinder {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    OutboxMetrics(MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tipline.outbox.depth", this, m -> m.safely(m::depth))
                .description("Messages waiting in the outbox").register(registry);
        Gauge.builder("tipline.outbox.oldest.age", this, m -> m.safely(m::oldestAge))
                .description("Seconds the oldest waiting message has waited (0: none)").baseUnit("seconds").register(registry);
    }

    double depth() {
        return outbox.depth();
    }

    double oldestAge() {
        OutboxDocuments.Entry oldest = mongo.findOne(new Query().with(Sort.by("createdAt")).limit(1), OutboxDocuments.Entry.class);
        return oldest == null || oldest.createdAt() == null ? 0
                : Math.max(0, Duration.between(oldest.createdAt(), clock.instant()).toMillis() / 1000.0);
    }

    private double safely(java.util.function.DoubleSupplier read) {
        try {
            return read.getAsDouble();
        } catch (RuntimeException storeDown) {
            return Double.NaN;
        }
    }
}
