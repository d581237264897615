package vn.tipline.abuse;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, before a message reaches the conversation, whether its sender is blocked or flooding.
 * The per-minute count is kept in memory (per instance: with several instances the effective
 * limit is that many times higher, which is acceptable for a flood brake); blocks are in MongoDB.
 */
@Component
public class InboundGuard {

    public enum Verdict {
        /** Process the message. */
        ALLOW,
        /** Over the rate: tell the citizen once, with {@code rate_limited}. */
        SLOW_DOWN,
        /** Still over the rate after being told: drop without a reply. */
        DROP,
        /** An officer blocked this reporter: answer {@code reporter_blocked}. */
        BLOCKED
    }

    private final AbuseProperties properties;
    private final ReporterBlocks blocks;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    InboundGuard(AbuseProperties properties, ReporterBlocks blocks, Clock clock) {
        this.properties = properties;
        this.blocks = blocks;
        this.clock = clock;
    }

    private static final class Window {
        long minute;
        int count;
    }

    public Verdict check(String reporterKey) {
        if (blocks.isBlocked(reporterKey)) {
            return Verdict.BLOCKED;
        }
        long minute = clock.millis() / 60_000;
        Window window = windows.computeIfAbsent(reporterKey, k -> new Window());
        int count;
        synchronized (window) {
            if (window.minute != minute) {
                window.minute = minute;
                window.count = 0;
            }
            count = ++window.count;
        }
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> e.getValue().minute < minute);
        }
        if (count <= properties.messagesPerMinute()) {
            return Verdict.ALLOW;
        }
        return count == properties.messagesPerMinute() + 1 ? Verdict.SLOW_DOWN : Verdict.DROP;
    }
}
