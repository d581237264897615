package vn.tipline.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import vn.tipline.tip.TipStatus;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * How long personal data is kept once it is no longer needed (Decree 13/2023/ND-CP: no longer
 * than the purpose requires). A number of days of 0 switches that part of the policy off.
 *
 * @param attachmentsDays    evidence photos of a tip in one of {@code attachmentStatuses}, unchanged
 *                           for this many days, are deleted (a valuable tip keeps them)
 * @param attachmentStatuses the finished statuses whose evidence may be purged
 * @param relayDays          a relay thread silent this long is closed and unlinked from the citizen
 * @param addressesDays      a reporter's chat address unused this long is deleted, unless they have an
 *                           open tip, a tip changed within this time, an open relay thread or a news subscription
 * @param cron               when the daily run starts ("-": never by itself; the admin API can still run it)
 * @param zone               the time zone of {@code cron}
 * @param lease              how long one instance holds the run before another may take over (a crashed run)
 */
@ConfigurationProperties(prefix = "tipline.retention")
public record RetentionProperties(int attachmentsDays, List<TipStatus> attachmentStatuses, int relayDays,
                                  int addressesDays, String cron, ZoneId zone, Duration lease) {

    public RetentionProperties {
        attachmentsDays = Math.max(0, attachmentsDays);
        relayDays = Math.max(0, relayDays);
        addressesDays = Math.max(0, addressesDays);
        attachmentStatuses = attachmentStatuses == null || attachmentStatuses.isEmpty()
                ? List.of(TipStatus.CLOSED, TipStatus.REJECTED_SPAM, TipStatus.DUPLICATE, TipStatus.ACTIONED)
                : List.copyOf(attachmentStatuses);
        if (attachmentStatuses.contains(TipStatus.NEW) || attachmentStatuses.contains(TipStatus.IN_REVIEW)) {
            throw new IllegalArgumentException("tipline.retention.attachment-statuses: only finished statuses "
                    + "(CLOSED, REJECTED_SPAM, DUPLICATE, ACTIONED), never NEW or IN_REVIEW");
        }
        cron = cron == null || cron.isBlank() ? "0 0 3 * * *" : cron.strip();
        zone = zone == null ? ZoneId.of("Asia/Ho_Chi_Minh") : zone;
        lease = lease == null || lease.isNegative() || lease.isZero() ? Duration.ofMinutes(30) : lease;
    }
}
