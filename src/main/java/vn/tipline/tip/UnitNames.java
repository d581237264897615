package vn.tipline.tip;

import java.util.Optional;

/**
 * Police units by name, for officers: "Công an phường Sài Gòn (TP Hồ Chí Minh)" rather than
 * {@code CAX-26740}. The police feature owns the directory and implements this; the tip desk and
 * the officers' alerts only ask. Without an implementation (or for a code the directory does not
 * know) the code is shown, never nothing.
 */
public interface UnitNames {

    /** The unit's name with its province, or empty when the code is unknown. */
    Optional<String> name(String unitCode);

    /** The name, or the code itself when no name is known. */
    default String nameOrCode(String unitCode) {
        return unitCode == null ? null : name(unitCode).orElse(unitCode);
    }

    /** For when no directory is wired (slices of the application): every unit shows by its code. */
    UnitNames CODES_ONLY = code -> Optional.empty();
}
