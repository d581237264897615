package vn.tipline.conversation;

import java.time.Duration;

/** Limits the engine enforces on every conversation. */
public record EngineSettings(int maxText, Duration idleTimeout) {
}
