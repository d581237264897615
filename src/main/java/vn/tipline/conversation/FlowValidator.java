package vn.tipline.conversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and checks all flows together before anything runs: shape (via {@link FlowParser}),
 * then the graph: unknown targets, unreachable nodes, unknown actions, missing system texts.
 */
public final class FlowValidator {

    /** The commands the engine itself answers, whatever the flows. */
    static final Set<String> GLOBAL_COMMANDS = Set.of("start", "menu", "cancel", "stop", "lang");

    private final Map<String, FlowAction> actions;

    public FlowValidator(Collection<FlowAction> actions) {
        this.actions = new LinkedHashMap<>();
        actions.forEach(a -> this.actions.put(a.name(), a));
    }

    /** Returns the catalog, or throws listing every problem found in every file. */
    public FlowCatalog load(List<FlowSource> sources) {
        FlowParser parser = new FlowParser();
        Map<String, Flow> flows = new LinkedHashMap<>();
        SystemTexts texts = null;
        for (FlowSource source : sources) {
            if (source.name().equals(FlowParser.MESSAGES_FILE)) {
                texts = parser.parseMessages(source);
            } else {
                Flow flow = parser.parseFlow(source);
                if (flow != null) {
                    flows.put(flow.id(), flow);
                }
            }
        }
        List<FlowProblem> problems = new ArrayList<>(parser.problems());
        checkTexts(texts, problems);
        checkGraph(flows, problems);
        checkCommands(flows, texts, problems);
        if (!problems.isEmpty()) {
            throw new FlowValidationException(problems);
        }
        return new FlowCatalog(flows, texts);
    }

    private void checkTexts(SystemTexts texts, List<FlowProblem> problems) {
        if (texts == null) {
            problems.add(new FlowProblem(FlowParser.MESSAGES_FILE, null, "the file is missing or unreadable"));
            return;
        }
        Set<String> required = new java.util.LinkedHashSet<>(SystemTexts.REQUIRED);
        actions.values().forEach(a -> required.addAll(a.requiredTexts()));
        for (String key : required) {
            if (!texts.texts().containsKey(key)) {
                problems.add(new FlowProblem(FlowParser.MESSAGES_FILE, null, "message '" + key + "' is missing"));
            }
        }
    }

    private void checkGraph(Map<String, Flow> flows, List<FlowProblem> problems) {
        if (!flows.containsKey(FlowCatalog.MAIN)) {
            problems.add(new FlowProblem(FlowCatalog.MAIN + ".yaml", null, "the main menu flow 'main' is missing"));
        }
        Map<String, String> commands = new LinkedHashMap<>();
        Set<String> reached = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (Flow flow : flows.values()) {
            if (flow.command() != null) {
                String other = commands.putIfAbsent(flow.command(), flow.id());
                if (other != null) {
                    problems.add(new FlowProblem(flow.source(), null,
                            "command '" + flow.command() + "' is already opened by flow '" + other + "'"));
                }
            }
            if (flow.node(flow.start()) == null) {
                problems.add(new FlowProblem(flow.source(), null, "start node '" + flow.start() + "' does not exist"));
            } else {
                queue.add(flow.id() + "/" + flow.start());
            }
            if (flow.argument() != null && flow.argument().node() != null) {
                if (flow.node(flow.argument().node()) == null) {
                    problems.add(new FlowProblem(flow.source(), null,
                            "argument node '" + flow.argument().node() + "' does not exist"));
                } else {
                    queue.add(flow.id() + "/" + flow.argument().node());
                }
            }
            for (Node node : flow.nodes().values()) {
                // Button payloads are "flow/node/<index|y|n|done>"; "done" is the longest suffix.
                String longestPayload = flow.id() + "/" + node.id() + "/done";
                if (longestPayload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Button.MAX_PAYLOAD_BYTES) {
                    problems.add(new FlowProblem(flow.source(), node.id(), "flow and node ids are too long: button payloads"
                            + " would exceed " + Button.MAX_PAYLOAD_BYTES + " bytes (Telegram's limit); shorten them"));
                }
                for (String target : targets(node)) {
                    if (resolve(flows, flow, target) == null) {
                        problems.add(new FlowProblem(flow.source(), node.id(), "target '" + target + "' does not exist"));
                    }
                }
                if (node instanceof Node.End end) {
                    for (Node.CommandButton button : end.commands()) {
                        String name = button.command() == null ? "" : button.command().substring(1).split("\\s+", 2)[0];
                        if (!GLOBAL_COMMANDS.contains(name) && flows.values().stream().noneMatch(f -> name.equals(f.command()))) {
                            problems.add(new FlowProblem(flow.source(), node.id(), "button command '/" + name
                                    + "' is neither a global command nor a flow's command"));
                        }
                    }
                }
                if (node instanceof Node.Action action && !actions.containsKey(action.action())) {
                    problems.add(new FlowProblem(flow.source(), node.id(), "unknown action '" + action.action()
                            + "' (known: " + String.join(", ", actions.keySet()) + ")"));
                }
                if (node instanceof Node.Action action && actions.containsKey(action.action())) {
                    for (String outcome : action.outcomes().keySet()) {
                        if (!actions.get(action.action()).outcomes().contains(outcome)) {
                            problems.add(new FlowProblem(flow.source(), node.id(), "action '" + action.action()
                                    + "' has no outcome '" + outcome + "'"));
                        }
                    }
                }
            }
        }
        while (!queue.isEmpty()) {
            String key = queue.poll();
            if (!reached.add(key)) {
                continue;
            }
            String[] parts = key.split("/", 2);
            Flow flow = flows.get(parts[0]);
            for (String target : targets(flow.node(parts[1]))) {
                String resolved = resolve(flows, flow, target);
                if (resolved != null) {
                    queue.add(resolved);
                }
            }
        }
        for (Flow flow : flows.values()) {
            for (String nodeId : flow.nodes().keySet()) {
                if (!reached.contains(flow.id() + "/" + nodeId)) {
                    problems.add(new FlowProblem(flow.source(), nodeId, "unreachable: no path leads here from the start"));
                }
            }
        }
    }

    /**
     * Every command has its description ({@code command_<name>}, the chat app's command menu), and
     * every "/word" a text tells citizens to type is a command the bot answers.
     */
    private static void checkCommands(Map<String, Flow> flows, SystemTexts texts, List<FlowProblem> problems) {
        if (texts == null) {
            return;
        }
        Set<String> known = new java.util.TreeSet<>(GLOBAL_COMMANDS);
        flows.values().stream().map(Flow::command).filter(java.util.Objects::nonNull).forEach(known::add);
        for (String command : known) {
            if (!texts.texts().containsKey("command_" + command)) {
                problems.add(new FlowProblem(FlowParser.MESSAGES_FILE, null, "message 'command_" + command
                        + "' is missing: /" + command + " needs its description for the command menu"));
            }
        }
        // Checks may load only some flows with the full messages.yaml: a command it describes counts as known.
        texts.texts().keySet().stream().filter(k -> k.startsWith("command_")).map(k -> k.substring("command_".length()))
                .forEach(known::add);
        texts.texts().forEach((key, text) -> unknownCommands(text, known).forEach(c -> problems.add(new FlowProblem(
                FlowParser.MESSAGES_FILE, key, "the text names /" + c + ", which is no command"))));
        for (Flow flow : flows.values()) {
            for (Node node : flow.nodes().values()) {
                for (LocalizedText text : FlowDiagram.texts(node)) {
                    unknownCommands(text, known).forEach(c -> problems.add(new FlowProblem(flow.source(), node.id(),
                            "the text names /" + c + ", which is no command")));
                }
            }
        }
    }

    /** A slash that starts a word (not "ward/commune", "5/12" or a web address) names a command. */
    private static final java.util.regex.Pattern COMMAND = java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}/:.])/([a-z][a-z_]*)");

    private static Set<String> unknownCommands(LocalizedText text, Set<String> known) {
        Set<String> unknown = new java.util.TreeSet<>();
        if (text == null) {
            return unknown;
        }
        for (String value : text.byLanguage().values()) {
            java.util.regex.Matcher m = COMMAND.matcher(value);
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    unknown.add(m.group(1));
                }
            }
        }
        return unknown;
    }

    /** "flow/node" for a target, or null if it names nothing. */
    static String resolve(Map<String, Flow> flows, Flow from, String target) {
        if (target == null) {
            return null;
        }
        if (target.startsWith("@")) {
            String[] parts = target.substring(1).split("/", 2);
            Flow flow = flows.get(parts[0]);
            if (flow == null) {
                return null;
            }
            String nodeId = parts.length > 1 ? parts[1] : flow.start();
            return flow.node(nodeId) == null ? null : flow.id() + "/" + nodeId;
        }
        return from.node(target) == null ? null : from.id() + "/" + target;
    }

    static List<String> targets(Node node) {
        List<String> targets = new ArrayList<>();
        if (node instanceof Node.Message n) {
            targets.add(n.next());
        } else if (node instanceof Node.Choice n) {
            targets.add(n.next());
            n.options().forEach(o -> targets.add(o.next()));
            if (n.otherwise() != null) {
                targets.add(n.otherwise().next());
            }
        } else if (node instanceof Node.FreeText n) {
            targets.add(n.next());
            n.suggestions().forEach(o -> targets.add(o.next()));
        } else if (node instanceof Node.Location n) {
            targets.add(n.next());
            n.suggestions().forEach(o -> targets.add(o.next()));
        } else if (node instanceof Node.Media n) {
            targets.add(n.next());
        } else if (node instanceof Node.Confirm n) {
            targets.add(n.yes());
            targets.add(n.no());
        } else if (node instanceof Node.Goto n) {
            targets.add(n.target());
        } else if (node instanceof Node.Action n) {
            targets.add(n.next());
            targets.addAll(n.outcomes().values());
        }
        targets.removeIf(java.util.Objects::isNull);
        return targets;
    }
}
