package vn.tipline.channel.telegram;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The Telegram channel's settings (docs/telegram.md; every setting in docs/configuration.md).
 *
 * @param botToken       from BotFather; blank: the channel is off
 * @param apiUrl         the Bot API server (a self-hosted one, or a fake in tests)
 * @param webhookUrl     the public HTTPS URL Telegram posts updates to; blank: long polling
 * @param webhookSecret  the secret Telegram sends with every webhook call; blank: generated and kept
 * @param botUsername    the bot's @name without "@"; blank: asked from Telegram (getMe) at startup
 * @param pollTimeout    how long one getUpdates call waits for updates
 * @param requestTimeout the longest any other Bot API call may take, all of it (a file's transfer: 10 s more)
 * @param workers        threads handling updates; one chat's updates always go to the same thread
 * @param chatInterval   average spacing of messages to one private chat (Telegram: about 1 per second)
 * @param chatBurst      messages sent back to back to one chat before the spacing applies
 * @param groupInterval  spacing of messages to one group (Telegram: 20 per minute)
 * @param maxPerSecond   messages per second over all chats (Telegram: about 30)
 * @param maxDownload    the largest photo or file fetched from Telegram (the Bot API serves at most 20 MB)
 * @param resumeInterval how often updates recorded but not yet handled (a failure, a restart) are retried
 * @param updateLease    how long an update being handled is reserved for its worker; an update whose handling
 *                       was cut short (a crash) is resumed after it, so it must outlast the slowest handling
 */
@ConfigurationProperties(prefix = "tipline.telegram")
record TelegramProperties(String botToken, String apiUrl, String webhookUrl, String webhookSecret, String botUsername,
                          Duration pollTimeout, Duration requestTimeout, int workers, Duration chatInterval,
                          int chatBurst, Duration groupInterval, double maxPerSecond, DataSize maxDownload,
                          Duration resumeInterval, Duration updateLease) {

    TelegramProperties {
        apiUrl = blank(apiUrl) ? "https://api.telegram.org" : stripSlash(apiUrl.strip());
        pollTimeout = pollTimeout == null || pollTimeout.isNegative() ? Duration.ofSeconds(25) : pollTimeout;
        requestTimeout = requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()
                ? Duration.ofSeconds(30) : requestTimeout;
        workers = workers <= 0 ? 4 : workers;
        chatInterval = chatInterval == null || chatInterval.isNegative() ? Duration.ofSeconds(1) : chatInterval;
        chatBurst = chatBurst <= 0 ? 3 : chatBurst;
        groupInterval = groupInterval == null || groupInterval.isNegative() ? Duration.ofSeconds(3) : groupInterval;
        maxPerSecond = maxPerSecond <= 0 ? 30 : maxPerSecond;
        maxDownload = maxDownload == null || maxDownload.toBytes() <= 0 ? DataSize.ofMegabytes(20) : maxDownload;
        resumeInterval = resumeInterval == null || resumeInterval.isZero() || resumeInterval.isNegative()
                ? Duration.ofSeconds(30) : resumeInterval;
        updateLease = updateLease == null || updateLease.isZero() || updateLease.isNegative()
                ? Duration.ofMinutes(2) : updateLease;
        botUsername = blank(botUsername) ? null : botUsername.strip().replaceFirst("^@", "");
    }

    boolean enabled() {
        return !blank(botToken);
    }

    boolean webhookMode() {
        return !blank(webhookUrl);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // Never print the token (Spring may log configuration on a failed startup).
        return "TelegramProperties[apiUrl=" + apiUrl + ", webhookMode=" + webhookMode() + "]";
    }
}
