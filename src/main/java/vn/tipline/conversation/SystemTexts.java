package vn.tipline.conversation;

import java.util.List;
import java.util.Map;

/** The engine's own texts (errors, buttons, notices) and the emergency keywords, from messages.yaml. */
public record SystemTexts(Map<String, LocalizedText> texts, List<String> emergencyKeywords) {

    /** Keys the engine itself uses; actions declare theirs in {@link FlowAction#requiredTexts()}. */
    public static final List<String> REQUIRED = List.of(
            "expired_notice", "too_long", "empty_message", "pick_option", "stale_menu",
            "unknown_command", "cancelled", "language_set", "emergency", "expected_text",
            "text_too_short", "text_too_long", "pattern_mismatch", "expected_location",
            "expected_media", "media_received", "media_unsupported", "expected_confirm",
            "action_failed", "unsupported_input", "yes", "no", "done", "skip", "yes_words", "no_words",
            "done_words", "skip_words", "menu_button", "rate_limited", "reporter_blocked",
            "more_options", "emergency_continue", "emergency_send_story", "request_or_story", "send_as_tip");

    public SystemTexts {
        texts = Map.copyOf(texts);
        emergencyKeywords = emergencyKeywords.stream().map(Folding::foldWords).filter(k -> !k.isEmpty()).toList();
    }

    public String get(String key, String language) {
        LocalizedText text = texts.get(key);
        return text == null ? key : text.in(language);
    }
}
