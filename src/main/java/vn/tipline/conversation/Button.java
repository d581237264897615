package vn.tipline.conversation;

/** A button: the label shown, and the payload sent back (at most 64 bytes, Telegram's limit). */
public record Button(String label, String payload) {

    /** Telegram's limit on callback data; the flow validator keeps every payload within it. */
    public static final int MAX_PAYLOAD_BYTES = 64;
}
