package vn.tipline.conversation;

import java.util.Map;

/** One user-facing text in every supported language. */
public record LocalizedText(Map<String, String> byLanguage) {

    public LocalizedText {
        byLanguage = Map.copyOf(byLanguage);
    }

    public String in(String language) {
        String text = byLanguage.get(language);
        return text != null ? text : byLanguage.getOrDefault(Languages.DEFAULT, "");
    }
}
