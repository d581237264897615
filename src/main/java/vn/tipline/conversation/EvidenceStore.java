package vn.tipline.conversation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Keeps a photo or file a citizen sent as evidence; implemented where the storage is. */
public interface EvidenceStore {

    /**
     * Stores a piece of evidence (photo, audio, video, PDF) without identifying metadata, as one more
     * item of a draft that already holds {@code held}; refuses it over a limit (size of the file,
     * size of the draft's evidence, number of items), disguised, or of a kind not taken.
     */
    Saved keep(Inbound.Media media, Collection<String> held) throws UnsupportedEvidenceException;

    /** Stores a picture (a store may refuse anything else) without identifying metadata and returns its id. */
    default String save(Inbound.Media media) throws UnsupportedEvidenceException {
        return keep(media, List.of()).id();
    }

    /** The largest file taken, as said to citizens ("20 MB"): the channels refuse larger ones before downloading. */
    default String largestFile() {
        return "20 MB";
    }

    /**
     * Deletes what a dropped draft (cancelled, expired, forgotten) had saved: the citizen is told it
     * was deleted. Evidence that became part of a filed tip is kept. A store that keeps nothing
     * (a test's) has nothing to delete.
     */
    default void discard(Collection<String> ids) {
    }

    /**
     * Deletes draft evidence saved before {@code savedBefore} that no tip claimed: left behind when
     * a conversation's state could not be written after its photo was (a store outage, a crash).
     */
    default void discardAbandoned(Instant savedBefore) {
    }

    /** What was kept; {@code cleaned} false: its metadata could not be removed, the citizen is told. */
    record Saved(String id, boolean cleaned) {
    }

    /** Evidence refused; {@code text} is the conversation text that says why, filled with {@code values}. */
    class UnsupportedEvidenceException extends Exception {

        private final String text;
        private final Map<String, String> values;

        public UnsupportedEvidenceException(String reason) {
            this("media_unsupported", Map.of(), reason);
        }

        public UnsupportedEvidenceException(String text, Map<String, String> values, String reason) {
            super(reason);
            this.text = text;
            this.values = Map.copyOf(values);
        }

        public String text() {
            return text;
        }

        public Map<String, String> values() {
            return values;
        }
    }
}
