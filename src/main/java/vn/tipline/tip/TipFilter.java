package vn.tipline.tip;


import java.time.LocalDate;
import java.util.List;

/**
 * What an officer narrows the queue by; every part is optional.
 *
 * @param from     first day (Vietnam time), inclusive
 * @param to       last day (Vietnam time), inclusive
 * @param q        words to find in the description and place, without regard to case or accents;
 *                 a receipt code finds that tip
 * @param assignee a user name, or "me"
 */
record TipFilter(List<TipStatus> status, List<Topic> topic, LocalDate from, LocalDate to, Boolean urgent,
                 Boolean hasAttachments, String q, String unit, String assignee, Sort sort) {

    static final int MAX_QUERY = 200;

    enum Sort {
        /** Urgent first, then oldest: the order tips should be worked through. */
        URGENT_OLDEST,
        NEWEST,
        OLDEST,
        /** The nearest due date first (overdue ones first of all). */
        DUE_SOONEST
    }

    TipFilter {
        status = status == null ? List.of() : List.copyOf(status);
        topic = topic == null ? List.of() : List.copyOf(topic);
        if (sort == null) {
            sort = Sort.URGENT_OLDEST;
        }
    }

    static TipFilter none() {
        return new TipFilter(null, null, null, null, null, null, null, null, null, null);
    }

    /** A short description for the audit log: which filters, never the search words. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        if (!status.isEmpty()) {
            sb.append("status=").append(status).append(' ');
        }
        if (!topic.isEmpty()) {
            sb.append("topic=").append(topic).append(' ');
        }
        if (from != null || to != null) {
            sb.append("dates=").append(from).append("..").append(to).append(' ');
        }
        if (urgent != null) {
            sb.append("urgent=").append(urgent).append(' ');
        }
        if (hasAttachments != null) {
            sb.append("attachments=").append(hasAttachments).append(' ');
        }
        if (q != null && !q.isBlank()) {
            sb.append("text search ");
        }
        if (unit != null && !unit.isBlank()) {
            sb.append("unit=").append(unit).append(' ');
        }
        if (assignee != null && !assignee.isBlank()) {
            sb.append("assignee=").append(assignee).append(' ');
        }
        return sb.toString().strip();
    }
}
