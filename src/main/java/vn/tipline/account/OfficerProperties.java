package vn.tipline.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The officer console's settings.
 *
 * @param adminUsername     user name of the bootstrap administrator created on first run
 * @param adminPassword     its password; blank: a one-time password is generated and logged once
 * @param maxFailedLogins   failed sign-ins in a row under one name from one address before that address is
 *                          refused for that name (never the account itself: see {@link LoginThrottle})
 * @param lockout           the longest such refusal (the first lasts a minute, then doubles up to this)
 * @param ipMaxFailures     failed sign-ins from one address within {@code ipWindow}, whatever the names,
 *                          before the address is refused altogether
 * @param ipWindow          the window of that throttle
 * @param bcryptStrength    bcrypt cost factor of stored passwords
 */
@ConfigurationProperties(prefix = "tipline.officer")
record OfficerProperties(String adminUsername, String adminPassword, int maxFailedLogins, Duration lockout,
                         int ipMaxFailures, Duration ipWindow, int bcryptStrength) {

    OfficerProperties {
        if (adminUsername == null || adminUsername.isBlank()) {
            adminUsername = "admin";
        }
        adminUsername = adminUsername.strip().toLowerCase(java.util.Locale.ROOT);
        if (maxFailedLogins <= 0) {
            maxFailedLogins = 5;
        }
        if (lockout == null) {
            lockout = Duration.ofMinutes(15);
        }
        if (ipMaxFailures <= 0) {
            ipMaxFailures = 30;
        }
        if (ipWindow == null) {
            ipWindow = Duration.ofMinutes(15);
        }
        if (bcryptStrength < 4 || bcryptStrength > 31) {
            bcryptStrength = 10;
        }
    }
}
