package vn.tipline.tip;

import java.time.Instant;
import java.util.List;

/**
 * One line of a tip's history, appended and never changed.
 *
 * @param id     unique within the tip; a question's id is what an answer refers to
 * @param actor  the officer's user name, or {@link #REPORTER} for the citizen (never an identity)
 * @param text   a note, question or answer; null for changes
 * @param before the value before a change (status, assignee, ...), if any
 * @param after  the value after a change, if any
 * @param refs   the questions an answer replies to
 * @param detail a short machine-readable qualifier: for a question "delivered"/"undelivered",
 *               for an answer "same_chat"/"receipt_code" (answered from the chat that filed the
 *               tip, or from elsewhere with the receipt code), for a status change to DUPLICATE
 *               the receipt code of the tip it duplicates
 */
public record TimelineEntry(String id, Kind kind, Instant at, String actor, String text, String before, String after,
                            List<String> refs, String detail) {

    public static final String REPORTER = "reporter";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A new entry id: 6 random bytes in hex, unique within a tip. */
    public static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    public enum Kind {
        STATUS, ASSIGNED, TAGS, OUTCOME, NOTE, QUESTION, ANSWER, ROUTED,
        /** Evidence deleted by the retention policy: {@code before} is how many photos, {@code detail} "attachments". */
        PURGED,
        /** The time limit extended: {@code before} and {@code after} the due times (ISO instants), {@code text} the reason. */
        DEADLINE
    }

    public TimelineEntry {
        refs = refs == null ? List.of() : List.copyOf(refs);
    }
}
