package vn.tipline.outbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PerSecondLimiterTest {

    private long now = 1_000_000_000L;

    @Test
    void aWindowsWorthGoesAtOnceThenTheNextSlotFreesWhenTheOldestGrantLeavesTheWindow() {
        PerSecondLimiter limiter = new PerSecondLimiter(30, () -> now);
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.tryAcquire()).as("permit " + i).isZero();
            now += TimeUnit.MILLISECONDS.toNanos(1);
        }
        // 30 granted at 0..29 ms: the 31st may go once the first is 1 s + margin old.
        long wait = limiter.tryAcquire();
        assertThat(wait).isEqualTo(TimeUnit.SECONDS.toNanos(1) + PerSecondLimiter.MARGIN_NANOS - TimeUnit.MILLISECONDS.toNanos(30));
        now += wait - 1;
        assertThat(limiter.tryAcquire()).as("one nanosecond early").isEqualTo(1);
        now += 1;
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).as("the second grant is not old enough yet").isPositive();
    }

    @Test
    void noWindowOfOneSecondEverHoldsMoreThanTheCapAndTheRateStaysWithinOnePercentOfIt() {
        PerSecondLimiter limiter = new PerSecondLimiter(30, () -> now);
        List<Long> granted = new ArrayList<>();
        long start = now;
        while (granted.size() < 3000) {
            long wait = limiter.tryAcquire();
            if (wait == 0) {
                granted.add(now);
                now += 137_000; // the caller's own work between two grants
            } else {
                now += wait + 250_000; // and a worker that wakes late
            }
        }
        for (int i = 30; i < granted.size(); i++) {
            assertThat(granted.get(i) - granted.get(i - 30)).as("grants %d and %d", i - 30, i)
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        }
        double perSecond = (granted.size() - 1) / ((granted.get(granted.size() - 1) - start) / 1e9);
        assertThat(perSecond).isBetween(29.0, 30.0);
    }

    @Test
    void aFractionalCapSpreadsItsSlots() {
        PerSecondLimiter limiter = new PerSecondLimiter(0.5, () -> now);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(TimeUnit.SECONDS.toNanos(2) + PerSecondLimiter.MARGIN_NANOS);
    }
}
