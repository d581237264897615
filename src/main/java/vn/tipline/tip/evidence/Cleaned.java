package vn.tipline.tip.evidence;

/**
 * Evidence as it will be stored. {@code cleaned} false: the layout was not one whose metadata
 * could be removed safely, the bytes are as sent (the citizen was warned, the officer is told).
 */
public record Cleaned(byte[] bytes, Format format, String contentType, boolean cleaned, Integer width, Integer height) {

    public Kind kind() {
        return format.kind();
    }
}
