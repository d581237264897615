package vn.tipline.store;

import java.nio.file.Path;

/**
 * A file of the embedded store holds damage that a crash cannot explain (not a torn last write): the
 * start stops, with nothing changed, and the one-line message says which file, where, and what to do.
 */
public final class StoreDamagedException extends RuntimeException {

    static final String SALVAGE_SETTING = "TIPLINE_STORE_SALVAGE=true";

    private StoreDamagedException(String message) {
        super(message, null, false, false);
    }

    static StoreDamagedException log(Path file, long offset) {
        return new StoreDamagedException("The store's log " + file.toAbsolutePath() + " is damaged at byte " + offset
                + " and valid records follow it, so this is not a crash's torn write; nothing was changed. "
                + whatToDo(file));
    }

    static StoreDamagedException snapshot(Path file, long offset, String problem) {
        return new StoreDamagedException("The store's snapshot " + file.toAbsolutePath() + " " + problem + " (at byte "
                + offset + "); nothing was changed. " + whatToDo(file));
    }

    private static String whatToDo(Path file) {
        return "Restore the data directory from a backup, or start once with " + SALVAGE_SETTING
                + " to keep every readable record (the damaged files are copied to "
                + file.toAbsolutePath().getParent().resolve("damaged-<time>") + ").";
    }
}
