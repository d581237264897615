package vn.tipline.account;

import java.util.Optional;

/**
 * Police units and provinces by name, for people: "Công an phường Sài Gòn (TP Hồ Chí Minh)" rather
 * than {@code CAX-26740}. The police feature owns the directory and implements this; the tip desk,
 * the accounts page, the officers' alerts, the scam indicators and the citizen's receipt only ask.
 * Without an implementation (or for a code the directory does not know) the code is shown, never
 * nothing.
 */
public interface UnitNames {

    /** The unit's name with its province, or empty when the code is unknown. */
    Optional<String> name(String unitCode);

    /** The name, or the code itself when no name is known. */
    default String nameOrCode(String unitCode) {
        return unitCode == null ? null : name(unitCode).orElse(unitCode);
    }

    /** A province's name for its code ("79"); the code itself when it names no province. */
    String province(String code);

    /** For when no directory is wired (slices of the application): every unit and province shows by its code. */
    UnitNames CODES_ONLY = new UnitNames() {
        @Override
        public Optional<String> name(String unitCode) {
            return Optional.empty();
        }

        @Override
        public String province(String code) {
            return code;
        }
    };
}
