package vn.tipline.police;

/** The gazetteer is not loaded (yet, or its load failed and is being retried): police lookups cannot be answered. */
public class GazetteerUnavailable extends IllegalStateException {

    GazetteerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
