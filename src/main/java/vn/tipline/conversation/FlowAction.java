package vn.tipline.conversation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named piece of Java a flow may call from an {@code action} node. Implementations are Spring
 * beans in their feature's package; the flow files can call nothing else.
 */
public interface FlowAction {

    String name();

    /** Outcomes besides the default ({@code ok}) that flows may branch on. */
    default Set<String> outcomes() {
        return Set.of();
    }

    /** Keys in messages.yaml this action reads, checked at startup. */
    default List<String> requiredTexts() {
        return List.of();
    }

    Result run(ActionContext context);

    /** The outcome picks the next node; the variables are set for the rest of the flow. */
    record Result(String outcome, Map<String, Object> variables) {

        public static final String OK = "ok";

        public static Result ok(Map<String, Object> variables) {
            return new Result(OK, variables);
        }

        public static Result of(String outcome) {
            return new Result(outcome, Map.of());
        }
    }
}
