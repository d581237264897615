package vn.tipline.channel.zalo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Zalo's webhook signature: {@code X-ZEvent-Signature: mac=<hex>}, where hex is the plain
 * SHA-256 (not an HMAC) of app id + raw body + timestamp + OA secret key, in UTF-8.
 */
final class ZaloSignature {

    private ZaloSignature() {
    }

    static String sign(String appId, byte[] rawBody, String timestamp, String oaSecretKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(appId.getBytes(StandardCharsets.UTF_8));
            sha.update(rawBody);
            sha.update(timestamp.getBytes(StandardCharsets.UTF_8));
            sha.update(oaSecretKey.getBytes(StandardCharsets.UTF_8));
            return "mac=" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the header with the expected signature. */
    static boolean verify(String header, String appId, byte[] rawBody, String timestamp, String oaSecretKey) {
        if (header == null || timestamp == null) {
            return false;
        }
        byte[] expected = sign(appId, rawBody, timestamp, oaSecretKey).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
