package vn.tipline.broadcast;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param maxText    longest campaign text, in characters (one Telegram message, with room for escaping)
 * @param tick       how often the dispatcher looks for due campaigns and work
 * @param lease      how long a bucket of a campaign stays claimed by one instance
 * @param tickBudget how long one tick may hand messages over before yielding
 */
@ConfigurationProperties("tipline.broadcast")
record BroadcastProperties(Integer maxText, Duration tick, Duration lease, Duration tickBudget) {

    BroadcastProperties {
        maxText = maxText == null ? 3000 : maxText;
        tick = tick == null ? Duration.ofSeconds(1) : tick;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        tickBudget = tickBudget == null ? Duration.ofSeconds(5) : tickBudget;
    }
}
