package vn.tipline.indicator;

import com.google.common.net.InternetDomainName;

import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Websites and social profiles in a tip, written however scam warnings write them: "hxxp://",
 * "lua-dao[.]com", "lua-dao chấm com". A host counts only under a public suffix (Guava's copy of
 * the public suffix list), so "Tp.HCM" or "v.v." is not a website.
 */
final class Links {

    /** A link found in the text, and where, so the numbers inside it are not read again as phones. */
    record Found(Indicator indicator, int start, int end) {
    }

    private static final Pattern SCHEME = Pattern.compile("(?i)h(?:xx|tt)p(s?)\\s*(?::|\\[:])\\s*//");
    private static final Pattern DOT = Pattern.compile("(?i)\\s*(?:\\[\\.]|\\(\\.\\)|\\{\\.}|\\[dot]|\\(dot\\)|\\[chấm]|\\(chấm\\))\\s*");
    /** "lua-dao chấm com": only between an ASCII label and something that looks like a TLD. */
    private static final Pattern SPOKEN_DOT = Pattern.compile("(?i)(?<=[a-z0-9-])\\s+(?:chấm|dot)\\s+(?=[a-z]{2,12}\\b)");
    private static final Pattern URL = Pattern.compile(
            "(?i)(?<![@\\p{L}\\p{N}._-])(?:https?://)?((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,24})\\.?"
                    + "(?::\\d{2,5})?(/[^\\s<>\"'()\\[\\]]*)?");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}._@])@([A-Za-z][A-Za-z0-9_.]{3,31}[A-Za-z0-9])");
    private static final Map<String, String> PROFILE_HOSTS = Map.of(
            "facebook.com", "facebook", "m.facebook.com", "facebook", "web.facebook.com", "facebook",
            "fb.com", "facebook", "fb.me", "facebook", "zalo.me", "zalo", "chat.zalo.me", "zalo",
            "t.me", "telegram", "telegram.me", "telegram");
    /** Hosts shared by unrelated senders: the path is what identifies the link. */
    private static final List<String> SHARED_HOSTS = List.of("bit.ly", "tinyurl.com", "cutt.ly", "shorturl.at", "rb.gy",
            "is.gd", "t.co", "tiny.cc", "s.id", "sites.google.com", "forms.gle", "docs.google.com", "linktr.ee");
    private static final Pattern PROFILE_ID = Pattern.compile("(?:^|[?&])id=(\\d+)");
    private static final List<String> NOT_PROFILES = List.of("", "profile.php", "groups", "share", "sharer", "watch", "photo",
            "photo.php", "story.php", "permalink.php", "login", "joinchat");

    private Links() {
    }

    /** The text with obfuscated links written plainly; everything else unchanged. */
    static String deobfuscate(String text) {
        String plain = SCHEME.matcher(text).replaceAll("http$1://");
        plain = DOT.matcher(plain).replaceAll(".");
        return SPOKEN_DOT.matcher(plain).replaceAll(".");
    }

    static void find(String text, List<Found> out) {
        Matcher m = URL.matcher(text);
        while (m.find()) {
            host(m.group(1)).flatMap(host -> classify(host, m.group(2) == null ? "" : m.group(2)))
                    .ifPresent(indicator -> out.add(new Found(indicator, m.start(), m.end())));
        }
    }

    /** "@scam_admin" outside a link: a Telegram name unless Zalo or Facebook is named just before. */
    static void handles(String text, String folded, List<Found> out) {
        Matcher m = HANDLE.matcher(text);
        while (m.find()) {
            String before = folded.substring(Math.max(0, m.start() - 40), m.start());
            String platform = before.contains("zalo") ? "zalo"
                    : before.contains("facebook") || before.matches("(?s).*\\b(fb|face)\\b.*") ? "facebook" : "telegram";
            out.add(new Found(new Indicator(IndicatorType.SOCIAL, platform + ":" + m.group(1).toLowerCase(Locale.ROOT), null),
                    m.start(), m.end()));
        }
    }

    private static Optional<String> host(String written) {
        try {
            String host = IDN.toASCII(written.toLowerCase(Locale.ROOT), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (host.startsWith("www.")) {
                host = host.substring(4);
            }
            return InternetDomainName.isValid(host) && InternetDomainName.from(host).isUnderPublicSuffix()
                    ? Optional.of(host) : Optional.empty();
        } catch (IllegalArgumentException notAHost) {
            return Optional.empty();
        }
    }

    private static Optional<Indicator> classify(String host, String path) {
        String platform = PROFILE_HOSTS.get(host);
        if (platform == null) {
            String trimmed = path.replaceAll("[?#].*$", "").replaceAll("[/.,;:!]+$", "");
            return Optional.of(new Indicator(IndicatorType.WEBSITE,
                    SHARED_HOSTS.contains(host) && !trimmed.isEmpty() ? host + trimmed : host, null));
        }
        String[] parts = path.split("[/?#]", 3);
        String first = parts.length > 1 ? parts[1] : "";
        Matcher id = PROFILE_ID.matcher(path.contains("?") ? path.substring(path.indexOf('?') + 1) : "");
        if ("profile.php".equals(first) && id.find()) {
            return Optional.of(new Indicator(IndicatorType.SOCIAL, platform + ":" + id.group(1), null));
        }
        if (NOT_PROFILES.contains(first.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String name = first.toLowerCase(Locale.ROOT).replaceAll("[.,;:!]+$", "");
        if ("zalo".equals(platform) && name.matches("0\\d{9}")) {
            // A Zalo account named by its phone number: one spelling, as phones are stored.
            name = "+84" + name.substring(1);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(new Indicator(IndicatorType.SOCIAL, platform + ":" + name, null));
    }
}
