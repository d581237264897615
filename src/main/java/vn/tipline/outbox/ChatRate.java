package vn.tipline.outbox;

import java.time.Duration;

/**
 * How fast one chat may be written to: on average one message per {@code interval}, with up to
 * {@code burst} messages back to back (a reply of a few messages arrives at once).
 */
public record ChatRate(Duration interval, int burst) {

    public ChatRate {
        if (interval == null || interval.isNegative()) {
            interval = Duration.ZERO;
        }
        burst = Math.max(1, burst);
    }
}
