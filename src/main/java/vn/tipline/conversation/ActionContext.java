package vn.tipline.conversation;

import java.util.List;
import java.util.Map;

/**
 * What an action sees of the conversation: its variables and who is speaking, by pseudonym only.
 *
 * @param reporterKey pseudonymous key of the citizen (keyed HMAC of channel and chat id)
 * @param runId       one value per pass through a flow: an idempotency key for what the action creates
 */
public record ActionContext(String channel, String reporterKey, String language, boolean urgent, String runId,
                            Map<String, Object> variables, SystemTexts texts) {

    public String text(String name) {
        Object value = variables.get(name);
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        return variables.get(name) instanceof List<?> list ? (List<String>) list : List.of();
    }

    public String message(String key) {
        return texts.get(key, language);
    }
}
