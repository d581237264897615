package vn.tipline.tip;

/** Where a tip is in the officers' queue. */
public enum TipStatus {
    NEW, IN_REVIEW, ACTIONED, CLOSED, REJECTED_SPAM, DUPLICATE;

    /** The messages.yaml key a citizen sees: spam is shown as closed, so a reporter is not told how it was judged. */
    String citizenTextKey() {
        return switch (this) {
            case NEW -> "status_new";
            case IN_REVIEW -> "status_in_review";
            case ACTIONED -> "status_actioned";
            case CLOSED, REJECTED_SPAM -> "status_closed";
            case DUPLICATE -> "status_duplicate";
        };
    }
}
