package vn.tipline.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A damaged store file is reported as its one line and what to do, not as a stack of causes. */
class StoreDamagedFailureAnalyzer extends AbstractFailureAnalyzer<StoreDamagedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreDamagedException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop here and keep a copy of the data directory. Then either restore it from a backup, or start the "
                        + "service once with " + StoreDamagedException.SALVAGE_SETTING + ": it keeps every readable "
                        + "record, skips the damaged ones, logs what it skipped, copies the damaged files to a "
                        + "damaged-<time> folder in the data directory and writes a new snapshot. Remove the setting "
                        + "afterwards (docs/operations.md, \"The embedded store\").",
                null);
    }
}
