package vn.tipline.police;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import vn.tipline.system.HealthStatuses;

/**
 * The gazetteer's part of {@code /actuator/health}: UNKNOWN while it loads after start-up (the service
 * answers meanwhile; police lookups wait for it), UP once ready, DEGRADED while a failed load is
 * retried (answered 200: webhooks and tips go on, a load balancer keeps the service; the reason is in
 * the log, details being hidden from the public).
 */
@Component
class GazetteerHealthIndicator implements HealthIndicator {

    private final Gazetteer gazetteer;

    GazetteerHealthIndicator(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    @Override
    public Health health() {
        if (gazetteer.isLoading()) {
            return Health.unknown().withDetail("state", "loading").build();
        }
        return gazetteer.failure().map(e -> Health.status(HealthStatuses.DEGRADED).withDetail("state", "failed, retrying").build())
                .orElseGet(() -> Health.up().build());
    }
}
