package vn.tipline.retention;

import java.time.Instant;

/**
 * What one run of the retention policy did: counts only, never a key, a code or a chat.
 *
 * @param trigger  "scheduled", or "manual" (an administrator through the API)
 * @param outcome  "done" or "failed"
 * @param error    the failure's kind (an exception class name), when failed
 */
public record RetentionReport(String trigger, Instant startedAt, Instant finishedAt, String outcome,
                              int tipsPurged, int attachmentsDeleted, int relayThreadsUnlinked,
                              int addressesForgotten, String error) {

    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** For the audit log. */
    public String summary() {
        return "trigger=" + trigger + " outcome=" + outcome + " tips=" + tipsPurged + " attachments=" + attachmentsDeleted
                + " relayThreads=" + relayThreadsUnlinked + " addresses=" + addressesForgotten
                + (error == null ? "" : " error=" + error);
    }
}
