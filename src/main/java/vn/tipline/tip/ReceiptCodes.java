package vn.tipline.tip;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Receipt codes like {@code TG-7KQ4-M2PX}: 8 symbols from an alphabet without 0/O/1/I, so a code
 * read aloud or copied by hand survives; 32^8 ≈ 10^12 codes make guessing one impractical.
 */
public final class ReceiptCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String PREFIX = "TG";
    /** A code as the bot writes it, inside other text. */
    static final Pattern IN_TEXT = Pattern.compile(
            "\\b" + PREFIX + "-[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}\\b");

    /** A code as written in the bot's messages (a regular expression), for a page to find it in them. */
    public static final String PATTERN = PREFIX + "-[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}";

    private final SecureRandom random = new SecureRandom();

    ReceiptCodes() {
    }

    String next() {
        StringBuilder sb = new StringBuilder(PREFIX).append('-');
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The canonical form of what a citizen typed ("tg 7kq4m2px" -> "TG-7KQ4-M2PX"), if it can be a code. */
    static Optional<String> normalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String bare = typed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        if (bare.startsWith(PREFIX) && bare.length() == 10) {
            bare = bare.substring(2);
        }
        if (bare.length() != 8 || !bare.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + "-" + bare.substring(0, 4) + "-" + bare.substring(4));
    }
}
