package vn.tipline.outbox;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PerSecondLimiterTest {

    @Test
    void aSecondsWorthGoesAtOnceThenEachWaitsItsTurn() {
        PerSecondLimiter limiter = new PerSecondLimiter(30);
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.reserve()).as("permit " + i).isZero();
        }
        long wait31 = limiter.reserve();
        long wait32 = limiter.reserve();
        assertThat(wait31).isPositive().isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(34));
        // Queued callers line up: each later one waits about one more slot.
        assertThat(wait32 - wait31).isBetween(TimeUnit.MILLISECONDS.toNanos(30), TimeUnit.MILLISECONDS.toNanos(34));
    }
}
