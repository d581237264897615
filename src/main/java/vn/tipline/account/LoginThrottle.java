package vn.tipline.account;

import org.springframework.stereotype.Component;
import vn.tipline.abuse.RateWindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without letting a stranger lock anyone out. There is no account lock:
 * failures are counted per (account, client address). After {@code maxFailedLogins} in a row,
 * that address is refused for that account, one minute at first, doubling with each further
 * failure up to {@code lockout}; the same officer at another address signs in as usual, and a
 * success forgets the count. Separately, an address with {@code ipMaxFailures} failures within
 * {@code ipWindow}, whatever the names, is refused altogether (password spraying). Refusals come
 * before any password check. In memory only: a restart forgets everything, which is also the
 * operator's way to lift every refusal at once.
 */
@Component
class LoginThrottle {

    static final Duration FIRST_REFUSAL = Duration.ofMinutes(1);
    /** Bounds the memory an attacker with many addresses or names can make us hold. */
    private static final int MAX_ENTRIES = 10_000;
    private static final String NO_ADDRESS = "-";

    private final OfficerProperties properties;
    private final Clock clock;
    private final Map<String, RateWindow> byAddress = new ConcurrentHashMap<>();
    private final Map<Pair, Streak> byAccount = new ConcurrentHashMap<>();

    LoginThrottle(OfficerProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    private record Pair(String account, String address) {
    }

    /** Failures in a row of one name from one address. Guarded by its own monitor. */
    private static final class Streak {
        int failures;
        Instant last;
        Instant refusedUntil;
    }

    /** Whether a sign-in as {@code account} (null: not known, e.g. a token) from {@code address} is refused now. */
    boolean refused(String account, String address) {
        return refusedFor(account, address).isPresent();
    }

    /**
     * How long a sign-in as {@code account} from {@code address} stays refused (what {@code Retry-After}
     * says); empty when it is not refused now.
     */
    Optional<Duration> refusedFor(String account, String address) {
        Instant now = clock.instant();
        Optional<Instant> until = addressRefusedUntil(address(address), now);
        if (account != null) {
            Streak streak = byAccount.get(new Pair(AccountService.normalize(account), address(address)));
            if (streak != null) {
                synchronized (streak) {
                    if (streak.refusedUntil != null && streak.refusedUntil.isAfter(now)
                            && until.map(streak.refusedUntil::isAfter).orElse(true)) {
                        until = Optional.of(streak.refusedUntil);
                    }
                }
            }
        }
        return until.map(end -> Duration.between(now, end));
    }

    /**
     * Counts a failed sign-in; {@code account} null for a failure that names no account (a wrong
     * API token). Returns how long this address is now refused for the account, when this failure
     * started a refusal.
     */
    Optional<Duration> recordFailure(String account, String address) {
        Instant now = clock.instant();
        String from = address(address);
        if (byAddress.size() + byAccount.size() >= MAX_ENTRIES) {
            prune(now);
        }
        RateWindow failures = byAddress.computeIfAbsent(from, a -> new RateWindow());
        synchronized (failures) {
            failures.count(now.toEpochMilli());
        }
        if (account == null) {
            return Optional.empty();
        }
        Streak streak = byAccount.computeIfAbsent(new Pair(AccountService.normalize(account), from), p -> new Streak());
        synchronized (streak) {
            if (expired(streak, now)) {
                streak.failures = 0;
                streak.refusedUntil = null;
            }
            streak.failures++;
            streak.last = now;
            int beyond = streak.failures - properties.maxFailedLogins();
            if (beyond < 0) {
                return Optional.empty();
            }
            Duration refusal = refusal(beyond);
            streak.refusedUntil = now.plus(refusal);
            return Optional.of(refusal);
        }
    }

    /** A correct password from this address: its count for the account starts again. */
    void recordSuccess(String account, String address) {
        byAccount.remove(new Pair(AccountService.normalize(account), address(address)));
    }

    /** An administrator lifts every refusal of one account. */
    void forget(String account) {
        String name = AccountService.normalize(account);
        byAccount.keySet().removeIf(pair -> pair.account().equals(name));
    }

    /** Whether some address is refused for this account now (what the accounts list shows as locked). */
    boolean refusedSomewhere(String account) {
        String name = AccountService.normalize(account);
        Instant now = clock.instant();
        return byAccount.entrySet().stream().filter(e -> e.getKey().account().equals(name)).anyMatch(e -> {
            synchronized (e.getValue()) {
                return e.getValue().refusedUntil != null && e.getValue().refusedUntil.isAfter(now);
            }
        });
    }

    /** One minute, then two, four, ... never more than the configured lockout. */
    private Duration refusal(int beyond) {
        Duration first = FIRST_REFUSAL.compareTo(properties.lockout()) < 0 ? FIRST_REFUSAL : properties.lockout();
        Duration refusal = first.multipliedBy(1L << Math.min(beyond, 20));
        return refusal.compareTo(properties.lockout()) < 0 ? refusal : properties.lockout();
    }

    /** A streak is forgotten once a whole {@code lockout} has passed after its last failure and refusal. */
    private boolean expired(Streak streak, Instant now) {
        Instant quietSince = streak.refusedUntil != null && streak.refusedUntil.isAfter(streak.last)
                ? streak.refusedUntil : streak.last;
        return quietSince == null || !quietSince.plus(properties.lockout()).isAfter(now);
    }

    /** Until when this address is refused for any name: until enough of its failures leave the window. */
    private Optional<Instant> addressRefusedUntil(String address, Instant now) {
        RateWindow failures = byAddress.get(address);
        if (failures == null) {
            return Optional.empty();
        }
        synchronized (failures) {
            long wait = failures.wait(now.toEpochMilli(), properties.ipMaxFailures(), properties.ipWindow().toMillis());
            return wait > 0 ? Optional.of(now.plusMillis(wait)) : Optional.empty();
        }
    }

    private void prune(Instant now) {
        byAddress.values().removeIf(failures -> {
            synchronized (failures) {
                return failures.idle(now.toEpochMilli(), properties.ipWindow().toMillis());
            }
        });
        byAccount.values().removeIf(streak -> {
            synchronized (streak) {
                return expired(streak, now);
            }
        });
    }

    private static String address(String address) {
        return address == null ? NO_ADDRESS : address;
    }
}
