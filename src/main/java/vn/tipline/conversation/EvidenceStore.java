package vn.tipline.conversation;

import java.time.Instant;
import java.util.Collection;

/** Keeps a photo or file a citizen sent as evidence; implemented where the storage is. */
public interface EvidenceStore {

    /** Stores the media without identifying metadata and returns its id. */
    String save(Inbound.Media media) throws UnsupportedEvidenceException;

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

    class UnsupportedEvidenceException extends Exception {
        public UnsupportedEvidenceException(String reason) {
            super(reason);
        }
    }
}
