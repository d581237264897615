package vn.tipline.retention;

/**
 * Published after every run, for the audit log.
 *
 * @param requestedBy the administrator who asked for it, or null for the daily run
 */
public record RetentionRan(RetentionReport report, String requestedBy) {
}
