package vn.tipline.conversation;

import java.util.Map;

/**
 * One conversation flow, loaded from {@code conversation-flows/<id>.yaml}.
 *
 * @param command  a global command that opens this flow ({@code status} for {@code /status}), or null
 * @param argument where a command's argument goes: the variable, and the node to start at then
 */
public record Flow(String id, String source, String start, String command, CommandArgument argument,
                   Map<String, Node> nodes) {

    public record CommandArgument(String var, String node) {
    }

    public Flow {
        nodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodes));
    }

    public Node node(String nodeId) {
        return nodes.get(nodeId);
    }
}
