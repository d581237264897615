package vn.tipline.tip.evidence;

/** Evidence not taken, and why; the reason picks the citizen's text. */
public class Refused extends Exception {

    public enum Reason {
        /** Not one of the formats taken, or not readable as the one it starts like. */
        UNSUPPORTED,
        /** The declared type and the bytes disagree. */
        DISGUISED,
        /** A PDF that would run something (JavaScript, actions) or carries files. */
        ACTIVE_CONTENT
    }

    private final Reason reason;

    public Refused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
