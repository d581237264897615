package vn.tipline.indicator;

import org.springframework.stereotype.Component;
import vn.tipline.abuse.RateWindow;

import java.util.HashMap;
import java.util.Map;

/**
 * At most {@link #LIMIT} checks in any {@link #WINDOW_MS} per conversation (by the pseudonymous
 * reporter key), so the check cannot be used to try number after number. Kept in memory only:
 * the key never sits beside what was checked in the store.
 */
@Component
class CheckLimits {

    static final int LIMIT = 10;
    static final long WINDOW_MS = 10 * 60 * 1000L;

    private final Map<String, RateWindow> windows = new HashMap<>();

    synchronized boolean tryCheck(String conversation, long now) {
        if (windows.size() > 1000) {
            windows.values().removeIf(w -> w.idle(now, WINDOW_MS));
        }
        RateWindow window = windows.computeIfAbsent(String.valueOf(conversation), k -> new RateWindow());
        if (window.wait(now, LIMIT, WINDOW_MS) > 0) {
            return false;
        }
        window.count(now);
        return true;
    }
}
