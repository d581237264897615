package vn.tipline.conversation;

import java.util.Map;
import java.util.Optional;

/** All flows and system texts, validated together. */
public record FlowCatalog(Map<String, Flow> flows, SystemTexts texts) {

    public static final String MAIN = "main";

    public FlowCatalog {
        flows = Map.copyOf(flows);
    }

    public Flow main() {
        return flows.get(MAIN);
    }

    public Optional<Flow> flowForCommand(String command) {
        return flows.values().stream().filter(f -> command.equals(f.command())).findFirst();
    }
}
