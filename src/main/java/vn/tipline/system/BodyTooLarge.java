package vn.tipline.system;

import java.io.IOException;

/**
 * A body without a declared length went past the limit while it was read: thrown from the
 * stream so that nothing reading it (a JSON parser, a webhook) keeps more than the limit.
 */
final class BodyTooLarge extends IOException {

    private final long limit;

    BodyTooLarge(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
