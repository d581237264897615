package vn.tipline.broadcast;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a citizen may subscribe to, and what a campaign may be about. Values are stored and used in flows. */
public enum NewsTopic {
    SCAM, DRUGS, FIRE, TRAFFIC, WANTED, COMMUNITY;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NewsTopic> fromValue(String value) {
        return value == null ? Optional.empty()
                : Arrays.stream(values()).filter(t -> t.value().equalsIgnoreCase(value.strip())).findFirst();
    }
}
