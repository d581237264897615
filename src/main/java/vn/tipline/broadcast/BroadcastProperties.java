package vn.tipline.broadcast;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxText    longest campaign text, in characters (one Telegram message, with room for escaping)
 * @param tick       how often the dispatcher looks for due campaigns and work
 * @param lease      how long a bucket of a campaign stays claimed by one instance
 * @param tickBudget how long one tick may hand messages over before yielding
 * @param maxBacklog messages waiting in the outbox above which no further bucket is handed over: the
 *                   outbox stays a few seconds' worth of sending deep however large the campaign, so
 *                   its queries stay cheap and a restart has little in flight
 */
@ConfigurationProperties("tipline.broadcast")
record BroadcastProperties(Integer maxText, Duration tick, Duration lease, Duration tickBudget, Integer maxBacklog) {

    BroadcastProperties {
        maxText = maxText == null ? 3000 : maxText;
        tick = tick == null ? Duration.ofSeconds(1) : tick;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        tickBudget = tickBudget == null ? Duration.ofSeconds(5) : tickBudget;
        maxBacklog = maxBacklog == null || maxBacklog <= 0 ? 300 : maxBacklog;
    }
}
