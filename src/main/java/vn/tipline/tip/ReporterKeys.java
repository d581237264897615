package vn.tipline.tip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import vn.tipline.store.PrivateFiles;
import vn.tipline.store.StoreProperties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Pseudonymous reporter keys: HMAC-SHA256 of channel and chat id under a secret that is never
 * stored with the tips. The same citizen on the same channel always gets the same key, so
 * officers can follow up through the bot without ever learning who it is.
 */
@Component
public class ReporterKeys {

    private static final Logger log = LoggerFactory.getLogger(ReporterKeys.class);

    private final SecretKeySpec secret;
    /**
     * A key is made for every message handled: looking up the provider and starting a Mac for each was
     * 2% of an inbound worker's time. A Mac is not safe to share, so each thread keeps its own.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    ReporterKeys(@Value("${tipline.reporter.secret:}") String configured, StoreProperties store) {
        this.secret = new SecretKeySpec(loadOrCreate(configured, Path.of(store.dataDir())), "HmacSHA256");
    }

    public String keyFor(String channel, String chatId) {
        // doFinal leaves the Mac ready for the next key.
        byte[] digest = macs.get().doFinal((channel + ":" + chatId).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] loadOrCreate(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = Base64.getDecoder().decode(configured.strip());
            if (bytes.length < 32) {
                throw new IllegalStateException("TIPLINE_REPORTER_SECRET must be at least 32 bytes, base64-encoded");
            }
            return bytes;
        }
        Path file = dataDir.resolve("reporter-secret");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            PrivateFiles.createDirectories(dataDir);
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            PrivateFiles.writeString(file, Base64.getEncoder().encodeToString(bytes));
            log.info("Generated the reporter-key secret in {}; back it up with the data", file.toAbsolutePath());
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file.toAbsolutePath(), e);
        }
    }
}
