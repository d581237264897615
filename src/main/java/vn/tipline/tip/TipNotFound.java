package vn.tipline.tip;

/** No such tip, or not one this officer may see: the two are indistinguishable on purpose. */
public final class TipNotFound extends RuntimeException {
    TipNotFound() {
        super("no such tip", null, false, false);
    }
}
