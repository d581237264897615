package vn.tipline.channel.telegram;

/**
 * A Bot API call answered {@code {"ok":false,...}} (or not with JSON at all). The description is
 * Telegram's ("Forbidden: bot was blocked by the user"); it never contains message content.
 *
 * @param retryAfter seconds to wait, from {@code parameters.retry_after} (429 only), else null
 */
class BotApiException extends Exception {

    private final int errorCode;
    private final String description;
    private final Integer retryAfter;

    BotApiException(int errorCode, String description, Integer retryAfter) {
        super(errorCode + " " + description);
        this.errorCode = errorCode;
        this.description = description == null ? "" : description;
        this.retryAfter = retryAfter;
    }

    int errorCode() {
        return errorCode;
    }

    String description() {
        return description;
    }

    Integer retryAfter() {
        return retryAfter;
    }
}
