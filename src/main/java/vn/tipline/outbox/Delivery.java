package vn.tipline.outbox;

import java.time.Duration;

/** What became of one delivery attempt; codes are short machine words for logs and metrics, never content. */
public sealed interface Delivery {

    Delivery SENT = new Sent();

    /** Delivered: the entry is finished. */
    record Sent() implements Delivery {
    }

    /** The platform asked us to wait (Telegram 429 with retry_after): the chat's queue pauses that long. */
    record RetryAfter(Duration delay, String code) implements Delivery {
    }

    /** Worth retrying (5xx, timeout, connection refused): retried with exponential backoff. */
    record Transient(String code) implements Delivery {
    }

    /** This message can never be delivered (malformed request); the chat still can be reached. */
    record Rejected(String code) implements Delivery {
    }

    /** The chat cannot be reached (the bot was blocked, the account deleted): its whole queue is dropped. */
    record Unreachable(String code) implements Delivery {
    }
}
