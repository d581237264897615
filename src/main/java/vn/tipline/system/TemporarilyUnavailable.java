package vn.tipline.system;

/**
 * A part of the service that cannot answer yet (still loading, or retrying a failed load): API
 * clients get a 503 problem with Retry-After. A feature subclasses this for its own part, so the
 * error handling here needs to know no feature.
 */
public abstract class TemporarilyUnavailable extends IllegalStateException {

    private final String publicDetail;
    private final int retryAfterSeconds;

    /** {@code publicDetail} is shown to API clients; {@code message} may say more, for the log. */
    protected TemporarilyUnavailable(String message, Throwable cause, String publicDetail, int retryAfterSeconds) {
        super(message, cause);
        this.publicDetail = publicDetail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String publicDetail() {
        return publicDetail;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
