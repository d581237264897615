package vn.tipline.channel.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import vn.tipline.store.PrivateFiles;

/**
 * The secret Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token} with every webhook call:
 * {@code TELEGRAM_WEBHOOK_SECRET}, or else generated once and kept in the data directory, so it
 * survives restarts (and setWebhook keeps telling Telegram the same one).
 */
class WebhookSecret {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecret.class);
    /** Telegram's rule for secret_token. */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    static final String FILE = "telegram-webhook-secret";

    private final String value;

    private WebhookSecret(String value) {
        this.value = value;
    }

    static WebhookSecret resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            if (!ALLOWED.matcher(configured.strip()).matches()) {
                throw new IllegalStateException("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
            }
            return new WebhookSecret(configured.strip());
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file).strip();
                if (ALLOWED.matcher(kept).matches()) {
                    return new WebhookSecret(kept);
                }
                log.warn("The kept Telegram webhook secret in {} is malformed; generating a new one", file.toAbsolutePath());
            }
            PrivateFiles.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            PrivateFiles.writeString(file, generated);
            log.info("Generated the Telegram webhook secret in {}", file.toAbsolutePath());
            return new WebhookSecret(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file.toAbsolutePath(), e);
        }
    }

    String value() {
        return value;
    }

    /** Constant-time comparison, so the secret cannot be guessed from response times. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "WebhookSecret[***]";
    }
}
