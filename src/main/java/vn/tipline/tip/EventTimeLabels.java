package vn.tipline.tip;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A tip's "when" as the officer reads it: a citizen who tapped one of the report flow's
 * suggestions ("Hôm qua", "Yesterday") stored its label in their own language; the page shows the
 * officer's. What a citizen typed is shown as typed. The labels are the bundles' {@code when.*},
 * the same words as the suggestions in conversation-flows/report.yaml.
 */
@Component
class EventTimeLabels {

    static final List<String> SUGGESTIONS = List.of("now", "today", "yesterday", "earlier", "unknown");
    private static final List<Locale> LANGUAGES = List.of(Locale.forLanguageTag("vi"), Locale.ENGLISH);

    private final MessageSource messages;

    EventTimeLabels(MessageSource messages) {
        this.messages = messages;
    }

    /** The message key for a suggestion's label in either language ("when.yesterday"), else empty. */
    Optional<String> key(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        String text = stored.strip();
        for (String suggestion : SUGGESTIONS) {
            String key = "when." + suggestion;
            for (Locale language : LANGUAGES) {
                if (text.equalsIgnoreCase(messages.getMessage(key, null, "", language))) {
                    return Optional.of(key);
                }
            }
        }
        return Optional.empty();
    }
}
