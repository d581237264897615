package vn.tipline.abuse;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, before a message reaches the conversation, whether its sender is blocked or flooding.
 * The limit holds over any 60 seconds, not per calendar minute (which let twice the limit through
 * across a minute's turn): each sender's last accepted messages' times are kept, and one more is
 * accepted only if the oldest of them is a minute old. Kept in memory (per instance: with several
 * instances the effective limit is that many times higher, which is acceptable for a flood brake);
 * blocks are in MongoDB.
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

    private static final long MINUTE = 60_000;
    private volatile long lastPrune = Long.MIN_VALUE / 2;

    /** The times of a sender's last accepted messages (a ring, oldest at {@code next}), and when they were last told. */
    private static final class Window {
        final long[] accepted;
        int next;
        long toldAt = Long.MIN_VALUE;

        Window(int limit) {
            accepted = new long[limit];
            java.util.Arrays.fill(accepted, Long.MIN_VALUE);
        }

        /** Nothing accepted nor told after {@code since}: the window can be forgotten. */
        boolean quietSince(long since) {
            return accepted[(next + accepted.length - 1) % accepted.length] <= since && toldAt <= since;
        }
    }

    public Verdict check(String reporterKey) {
        if (blocks.isBlocked(reporterKey)) {
            return Verdict.BLOCKED;
        }
        long now = clock.millis();
        Window window = windows.computeIfAbsent(reporterKey, k -> new Window(properties.messagesPerMinute()));
        Verdict verdict;
        synchronized (window) {
            if (window.accepted[window.next] <= now - MINUTE) {
                window.accepted[window.next] = now;
                window.next = (window.next + 1) % window.accepted.length;
                verdict = Verdict.ALLOW;
            } else if (window.toldAt <= now - MINUTE) {
                // Told once a minute at most: a flooder is not answered at the rate they send.
                window.toldAt = now;
                verdict = Verdict.SLOW_DOWN;
            } else {
                verdict = Verdict.DROP;
            }
        }
        // Pruned at most once a second: with that many senders active, a scan per message would be the hot path.
        if (windows.size() > 100_000 && now - lastPrune >= 1_000) {
            lastPrune = now;
            windows.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().quietSince(now - MINUTE);
                }
            });
        }
        return verdict;
    }
}
