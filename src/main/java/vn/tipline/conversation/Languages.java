package vn.tipline.conversation;

import java.util.List;

/** The languages every text must exist in; Vietnamese first. */
public final class Languages {

    public static final String DEFAULT = "vi";
    public static final List<String> ALL = List.of("vi", "en");

    private Languages() {
    }

    public static boolean supported(String language) {
        return ALL.contains(language);
    }
}
