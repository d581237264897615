package vn.tipline.indicator;

/** A confirmation without a reason, or with one too long. */
class DecisionRefused extends RuntimeException {

    DecisionRefused() {
        super("reason required", null, false, false);
    }
}
