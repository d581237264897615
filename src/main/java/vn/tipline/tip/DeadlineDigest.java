package vn.tipline.tip;

import java.time.LocalDate;
import java.util.List;

/**
 * The day's open tips past or near their time limit, for the officers' group: receipt codes and
 * counts only, never a tip's content or its reporter. Published once a day, only when there is
 * something to report.
 *
 * @param overdue overdue tips' receipt codes, most overdue first
 * @param nearDue codes of tips due within the near-due days, soonest first
 */
public record DeadlineDigest(LocalDate day, List<String> overdue, List<String> nearDue) {

    public DeadlineDigest {
        overdue = List.copyOf(overdue);
        nearDue = List.copyOf(nearDue);
    }
}
