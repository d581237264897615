package vn.tipline.indicator;

/** No such indicator, or none the officer may see: the same answer, so existence is not revealed. */
class IndicatorNotFound extends RuntimeException {

    IndicatorNotFound() {
        super("indicator not found", null, false, false);
    }
}
