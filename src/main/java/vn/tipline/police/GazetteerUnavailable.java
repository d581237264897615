package vn.tipline.police;

import vn.tipline.system.TemporarilyUnavailable;

/** The gazetteer is not loaded (yet, or its load failed and is being retried): police lookups cannot be answered. */
public class GazetteerUnavailable extends TemporarilyUnavailable {

    GazetteerUnavailable(String message, Throwable cause) {
        super(message, cause, "The list of communes and police units is not loaded yet; please try again shortly.", 30);
    }
}
