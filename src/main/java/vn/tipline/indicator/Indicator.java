package vn.tipline.indicator;

/**
 * One indicator found in a text.
 *
 * @param value     the normalised value: what makes two tips name the same thing
 * @param qualifier the bank or wallet named beside a number ("VCB", "MOMO"); null otherwise
 */
public record Indicator(IndicatorType type, String value, String qualifier) {

    /** The store's key: type and value (a bank account is the same whichever bank name was written). */
    String key() {
        return type + ":" + value;
    }
}
