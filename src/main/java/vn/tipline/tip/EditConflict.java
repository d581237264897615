package vn.tipline.tip;

/** Somebody changed the tip since the officer loaded it: nothing was written. */
public final class EditConflict extends RuntimeException {
    private final Long currentVersion;

    EditConflict(Long currentVersion) {
        super("edit conflict", null, false, false);
        this.currentVersion = currentVersion;
    }

    public Long currentVersion() {
        return currentVersion;
    }
}
