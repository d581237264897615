package vn.tipline.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param workers        dispatcher threads (each sends to one chat at a time)
 * @param lease          how long a chat's queue stays claimed by one worker; a crashed worker's chat is
 *                       picked up again after this (its message may then be sent twice)
 * @param backoffInitial wait after the first transient failure; doubled each time up to {@code backoffMax}
 * @param backoffMax     longest wait between two attempts
 * @param maxAttempts    transient failures after which a message is given up ({@link DeliveryFailed})
 * @param idleWait       longest sleep of an idle worker (new messages wake it at once)
 * @param doneRetention  how long the keys of finished messages are kept, so a replayed enqueue is ignored
 */
@ConfigurationProperties(prefix = "tipline.outbox")
public record OutboxProperties(int workers, Duration lease, Duration backoffInitial, Duration backoffMax,
                               int maxAttempts, Duration idleWait, Duration doneRetention) {

    public OutboxProperties {
        workers = workers <= 0 ? 8 : workers;
        lease = positive(lease, Duration.ofMinutes(1));
        backoffInitial = positive(backoffInitial, Duration.ofSeconds(1));
        backoffMax = positive(backoffMax, Duration.ofMinutes(5));
        maxAttempts = maxAttempts <= 0 ? 300 : maxAttempts;
        idleWait = positive(idleWait, Duration.ofSeconds(5));
        doneRetention = positive(doneRetention, Duration.ofDays(7));
    }

    private static Duration positive(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
