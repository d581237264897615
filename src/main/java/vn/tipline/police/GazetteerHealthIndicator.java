package vn.tipline.police;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The gazetteer's part of {@code /actuator/health}: UNKNOWN while it loads after start-up (the service
 * answers meanwhile; police lookups wait for it), UP once ready, DOWN if its reference files could not
 * be loaded (the reason is logged; it is not shown here, details being hidden from the public).
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
        return gazetteer.failure().map(e -> Health.down().withDetail("state", "failed").build())
                .orElseGet(() -> Health.up().build());
    }
}
