package vn.tipline.channel.web;

import org.springframework.stereotype.Component;
import vn.tipline.tip.ReporterKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web chat's session tokens. The server draws every one: a random part and its signature under
 * the reporter secret (so every instance, and the same one after a restart, accepts it without
 * storing anything), checked on each request; a token a client made up is refused. The token
 * itself is never kept: downstream (the conversation, the address book, the inbox) the session is
 * known by a keyed hash of it, its "chat id", so nothing stored leads back to the browser that
 * holds it.
 */
@Component
public class WebSessions {

    /**
     * Labels under which the reporter secret signs tokens and hashes them into chat ids: never a
     * channel's name, so a token's signature is never anyone's reporter key, nor a chat id a token.
     */
    private static final String SIGNATURE = "web-session-token";
    private static final String CHAT_ID = "web-session-chat";
    private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9_-]{24})\\.([A-Za-z0-9_-]{43})");

    private final ReporterKeys keys;
    private final SecureRandom random = new SecureRandom();

    WebSessions(ReporterKeys keys) {
        this.keys = keys;
    }

    /** A new session's token. */
    String issue() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return nonce + "." + keys.keyFor(SIGNATURE, nonce);
    }

    /** The chat id of a token this service issued; empty for anything else. */
    Optional<String> chatId(String token) {
        Matcher parts = token == null ? null : TOKEN.matcher(token);
        if (parts == null || !parts.matches()) {
            return Optional.empty();
        }
        byte[] expected = keys.keyFor(SIGNATURE, parts.group(1)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts.group(2).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(keys.keyFor(CHAT_ID, token));
    }

    /** The pseudonymous reporter key of a session (what its tips carry); for features that meet a web reporter by token. */
    public String reporterKey(String token) {
        return keys.keyFor(WebChatController.CHANNEL,
                chatId(token).orElseThrow(() -> new IllegalArgumentException("not a web chat session token")));
    }
}
