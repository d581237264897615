package vn.tipline.abuse;

import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Limits for a channel whose sessions cost nothing to start (the web chat): how many sessions one
 * client address may start, and how many tips it may file over all its sessions (the per-reporter
 * quota counts per session, so on its own it limits nothing there); and the same for all clients
 * together. Kept in memory only, per instance, under a keyed hash of the address whose key is drawn
 * at startup: an address is never stored or logged, and what is kept cannot be turned back into one.
 * An IPv6 address counts by its /64, which one subscriber usually holds whole.
 */
@Component
public class ClientLimits {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final ClientLimitProperties limits;
    private final Clock clock;
    private final SecretKeySpec addressKey;
    private final ThreadLocal<String> current = new ThreadLocal<>();
    private final Map<String, RateWindow> sessionsByAddress = new HashMap<>();
    private final Map<String, RateWindow> tipsByAddress = new HashMap<>();
    private final RateWindow sessions = new RateWindow();
    private final RateWindow tips = new RateWindow();
    private long lastPrune;

    ClientLimits(ClientLimitProperties limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.addressKey = new SecretKeySpec(key, "HmacSHA256");
        this.lastPrune = clock.millis();
    }

    /** Counts a session started from {@code address}; empty if it may start, else how long until one may. */
    public Optional<Duration> startSession(String address) {
        String bucket = bucket(address);
        synchronized (this) {
            long now = clock.millis();
            prune(now);
            RateWindow mine = sessionsByAddress.get(bucket);
            long wait = Math.max(mine == null ? 0 : mine.wait(now, limits.sessionsPerAddressPerHour(), HOUR),
                    sessions.wait(now, limits.sessionsPerMinute(), MINUTE));
            if (wait > 0) {
                return Optional.of(Duration.ofMillis(wait));
            }
            sessionsByAddress.computeIfAbsent(bucket, k -> new RateWindow()).count(now);
            sessions.count(now);
            return Optional.empty();
        }
    }

    /**
     * Runs {@code work} (the handling of a message from {@code address}) so that the tips it files
     * count against that address. Same thread only: the conversation is handled within the request.
     */
    public <T> T onBehalfOf(String address, Supplier<T> work) {
        current.set(bucket(address));
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }

    /** Whether the client whose message is being handled may file one more tip; always outside {@link #onBehalfOf}. */
    public boolean mayFileTip() {
        return tip(false);
    }

    /** As {@link #mayFileTip()}, and counts the tip when it may: checked and counted at once, so parallel filings cannot all pass. */
    public boolean countTip() {
        return tip(true);
    }

    private boolean tip(boolean count) {
        String bucket = current.get();
        if (bucket == null) {
            // Other channels: a platform account is behind every chat and the per-reporter quota holds.
            return true;
        }
        synchronized (this) {
            long now = clock.millis();
            prune(now);
            RateWindow mine = tipsByAddress.get(bucket);
            boolean room = (mine == null || mine.wait(now, limits.tipsPerAddressPerHour(), HOUR) == 0)
                    && tips.wait(now, limits.tipsPerMinute(), MINUTE) == 0;
            if (room && count) {
                tipsByAddress.computeIfAbsent(bucket, k -> new RateWindow()).count(now);
                tips.count(now);
            }
            return room;
        }
    }

    /** How many addresses are remembered now (for tests: a flood's addresses are forgotten once quiet). */
    synchronized int remembered() {
        return sessionsByAddress.size() + tipsByAddress.size();
    }

    /** At most once a minute: the number of addresses is bounded by the overall limits, so a scan is cheap. */
    private void prune(long now) {
        if (now - lastPrune < MINUTE) {
            return;
        }
        lastPrune = now;
        sessionsByAddress.values().removeIf(w -> w.idle(now, HOUR));
        tipsByAddress.values().removeIf(w -> w.idle(now, HOUR));
    }

    private String bucket(String address) {
        String counted = "text:" + address;
        try {
            // Only literals are parsed: anything else (a forwarded header's "unknown") must not cause a DNS lookup.
            if (address != null && (IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
                InetAddress ip = InetAddress.getByName(address);
                counted = ip instanceof Inet6Address
                        ? "ipv6/64:" + HexFormat.of().formatHex(ip.getAddress(), 0, 8)
                        : "ipv4:" + HexFormat.of().formatHex(ip.getAddress());
            }
        } catch (UnknownHostException | SecurityException notAnAddress) {
            // Counted by its text.
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(addressKey);
            return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac.doFinal(counted.getBytes(StandardCharsets.UTF_8)), 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
