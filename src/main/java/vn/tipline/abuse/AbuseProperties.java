package vn.tipline.abuse;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits that keep one citizen (or one flooder) from drowning the tip line.
 *
 * @param messagesPerMinute messages a reporter may send in any 60 seconds; above it, one polite notice a minute, then silence
 * @param tipsPerHour       tips a reporter may file per hour
 * @param tipsPerDay        tips a reporter may file per 24 hours
 */
@ConfigurationProperties(prefix = "tipline.abuse")
public record AbuseProperties(int messagesPerMinute, int tipsPerHour, int tipsPerDay) {

    public AbuseProperties {
        if (messagesPerMinute <= 0) {
            messagesPerMinute = 30;
        }
        if (tipsPerHour <= 0) {
            tipsPerHour = 5;
        }
        if (tipsPerDay <= 0) {
            tipsPerDay = 20;
        }
    }
}
