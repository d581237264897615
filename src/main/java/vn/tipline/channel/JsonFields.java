package vn.tipline.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Copies named fields of a platform's JSON event into a new one: how a channel keeps only what
 * handling an event needs (a whitelist, so a field the platform adds later is dropped, not stored).
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** Copies each dotted path ({@code "chat.id"}) that is present in {@code from}, creating the objects on the way. */
    public static void copy(JsonNode from, ObjectNode to, String... paths) {
        for (String path : paths) {
            String[] parts = path.split("\\.");
            JsonNode source = from;
            for (String part : parts) {
                source = source == null || !source.isObject() ? null : source.get(part);
            }
            if (source == null) {
                continue;
            }
            ObjectNode target = to;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = target.get(parts[i]);
                target = next instanceof ObjectNode object ? object : target.putObject(parts[i]);
            }
            target.set(parts[parts.length - 1], source.deepCopy());
        }
    }

    /** Copies the array {@code field} of {@code from}, each element with only the given fields of its own. */
    public static void copyEach(JsonNode from, ObjectNode to, String field, String... elementFields) {
        JsonNode array = from.get(field);
        if (array == null || !array.isArray()) {
            return;
        }
        ArrayNode kept = to.putArray(field);
        for (JsonNode element : array) {
            ObjectNode one = kept.addObject();
            copy(element, one, elementFields);
        }
    }
}
