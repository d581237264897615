package vn.tipline.officer;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per client address within a sliding window: past the limit, the address is
 * refused before any password is checked. Complements the per-account lockout, which an
 * attacker trying many names would not trip. Kept in memory: a restart forgets it.
 */
@Component
class LoginThrottle {

    /** Bounds the memory an attacker with many addresses can make us hold. */
    private static final int MAX_ADDRESSES = 10_000;

    private final OfficerProperties properties;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(OfficerProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    boolean blocked(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times, clock.instant());
            return times.size() >= properties.ipMaxFailures();
        }
    }

    void recordFailure(String address) {
        if (address == null) {
            return;
        }
        Instant now = clock.instant();
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(times -> {
                synchronized (times) {
                    prune(times, now);
                    return times.isEmpty();
                }
            });
        }
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(properties.ipWindow());
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.pollFirst();
        }
    }
}
