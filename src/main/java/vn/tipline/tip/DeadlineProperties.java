package vn.tipline.tip;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.LocalTime;

/**
 * The time limit to decide on a tip (Criminal Procedure Code 2015, art. 147: 20 days from receipt
 * to verify a denunciation or crime report and decide, extendable up to 2 months).
 *
 * @param deadlineDays      days from receipt to the due date of a new tip
 * @param deadlineMaxMonths the latest an extension may reach, in months from receipt
 * @param nearDueDays       a tip this close to its due date is flagged as near due
 * @param digestTime        when the daily digest of near-due and overdue tips goes to the officers' group
 *                          (Vietnam time)
 */
@ConfigurationProperties(prefix = "tipline.tips")
public record DeadlineProperties(int deadlineDays, int deadlineMaxMonths, int nearDueDays, LocalTime digestTime) {

    public DeadlineProperties {
        deadlineDays = deadlineDays <= 0 ? 20 : deadlineDays;
        deadlineMaxMonths = deadlineMaxMonths <= 0 ? 2 : deadlineMaxMonths;
        nearDueDays = Math.max(0, nearDueDays);
        digestTime = digestTime == null ? LocalTime.of(7, 30) : digestTime;
    }
}
