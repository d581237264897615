package vn.tipline.abuse;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on what one web client (a network address, an IPv6 /64) and all web clients together may
 * start: a web chat session costs nothing to open, so without them one client opens thousands and
 * files past every per-reporter quota.
 *
 * @param sessionsPerAddressPerHour web chat sessions one address may start in any hour
 * @param sessionsPerMinute         web chat sessions all addresses together may start in any minute
 * @param tipsPerAddressPerHour     tips one address may file through the web chat in any hour, over all its sessions
 * @param tipsPerMinute             tips all web clients together may file in any minute
 */
@ConfigurationProperties(prefix = "tipline.abuse.web")
public record ClientLimitProperties(int sessionsPerAddressPerHour, int sessionsPerMinute, int tipsPerAddressPerHour,
                                    int tipsPerMinute) {

    public ClientLimitProperties {
        if (sessionsPerAddressPerHour <= 0) {
            sessionsPerAddressPerHour = 60;
        }
        if (sessionsPerMinute <= 0) {
            sessionsPerMinute = 300;
        }
        if (tipsPerAddressPerHour <= 0) {
            tipsPerAddressPerHour = 10;
        }
        if (tipsPerMinute <= 0) {
            tipsPerMinute = 60;
        }
    }
}
