package vn.tipline.tip;

import java.util.Arrays;
import java.util.Optional;

/** What a tip is about; the flow's topic option values. */
public enum Topic {
    DRUGS, GAMBLING, THEFT_ROBBERY, WEAPONS_EXPLOSIVES, FRAUD, TRAFFIC, FIRE_HAZARD, PUBLIC_ORDER, OTHER;

    public static Optional<Topic> fromValue(String value) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(value)).findFirst();
    }
}
