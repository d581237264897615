package vn.tipline.officer;

/** Somebody changed the tip since the officer loaded it: nothing was written. */
final class EditConflict extends RuntimeException {
    private final Long currentVersion;

    EditConflict(Long currentVersion) {
        super("edit conflict", null, false, false);
        this.currentVersion = currentVersion;
    }

    Long currentVersion() {
        return currentVersion;
    }
}
