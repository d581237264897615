package vn.tipline.broadcast;

/** A campaign change refused, with the reason (the API's problem type and the page's message key). */
public class CampaignRefused extends RuntimeException {

    public enum Reason {
        NOT_FOUND, TEXT_REQUIRED, TEXT_TOO_LONG, TITLE_TOO_LONG, NO_AUDIENCE, UNKNOWN_PROVINCE, UNKNOWN_COMMUNE,
        UNKNOWN_TOPIC, UNKNOWN_CHANNEL, SCHEDULE_IN_PAST, OWN_CAMPAIGN, ROLE_NOT_ALLOWED, INVALID_TRANSITION,
        IMAGE_INVALID, IMAGE_TOO_LARGE, SEND_AT_INVALID
    }

    private final Reason reason;

    CampaignRefused(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
