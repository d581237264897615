package vn.tipline.conversation;

/** Keeps a photo or file a citizen sent as evidence; implemented where the storage is. */
public interface EvidenceStore {

    /** Stores the media without identifying metadata and returns its id. */
    String save(Inbound.Media media) throws UnsupportedEvidenceException;

    class UnsupportedEvidenceException extends Exception {
        public UnsupportedEvidenceException(String reason) {
            super(reason);
        }
    }
}
