package vn.tipline.conversation;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads flow files and messages.yaml into the model, checking their shape (the schema): required
 * and unknown keys, value types, texts in every language. Graph checks are {@link FlowValidator}'s.
 */
final class FlowParser {

    static final String MESSAGES_FILE = "messages.yaml";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "message", Set.of("text", "next"),
            "choice", Set.of("text", "var", "options", "options_from", "next", "otherwise", "suggest"),
            "text", Set.of("text", "var", "min", "max", "pattern", "pattern_error", "suggestions", "next", "skip_if_set"),
            "location", Set.of("text", "var", "min", "suggestions", "next"),
            "media", Set.of("text", "var", "max", "optional", "next"),
            "confirm", Set.of("text", "yes", "no"),
            "goto", Set.of("target"),
            "action", Set.of("action", "next", "outcomes"),
            "end", Set.of("text", "commands", "again"));

    private final List<FlowProblem> problems = new ArrayList<>();
    private String file;
    private String node;

    List<FlowProblem> problems() {
        return problems;
    }

    Flow parseFlow(FlowSource source) {
        Map<String, Object> root = load(source);
        if (root == null) {
            return null;
        }
        node = null;
        unknownKeys(root, Set.of("id", "start", "command", "argument", "nodes"), "file");
        String id = string(root, "id", true);
        if (id != null && !ID.matcher(id).matches()) {
            problem("flow id '" + id + "' must be lower case letters, digits and '_'");
        }
        if (id != null && !source.name().equals(id + ".yaml")) {
            problem("flow id '" + id + "' does not match the file name (expected " + id + ".yaml)");
        }
        String start = string(root, "start", true);
        String command = string(root, "command", false);
        Flow.CommandArgument argument = null;
        Map<String, Object> arg = map(root, "argument", false);
        if (arg != null) {
            argument = new Flow.CommandArgument(string(arg, "var", true), string(arg, "node", true));
        }
        Map<String, Object> nodesYaml = map(root, "nodes", true);
        Map<String, Node> nodes = new LinkedHashMap<>();
        if (nodesYaml != null) {
            if (nodesYaml.isEmpty()) {
                problem("'nodes' is empty");
            }
            for (Map.Entry<String, Object> entry : nodesYaml.entrySet()) {
                node = String.valueOf(entry.getKey());
                if (!ID.matcher(node).matches()) {
                    problem("node id must be lower case letters, digits and '_'");
                }
                if (!(entry.getValue() instanceof Map<?, ?> m)) {
                    problem("a node must be a mapping with a 'type'");
                    continue;
                }
                Node parsed = parseNode(node, cast(m));
                if (parsed != null) {
                    nodes.put(node, parsed);
                }
            }
            node = null;
        }
        if (id == null || start == null) {
            return null;
        }
        return new Flow(id, source.name(), start, command, argument, nodes);
    }

    SystemTexts parseMessages(FlowSource source) {
        Map<String, Object> root = load(source);
        if (root == null) {
            return null;
        }
        node = null;
        unknownKeys(root, Set.of("messages", "emergency_keywords"), "file");
        Map<String, LocalizedText> texts = new LinkedHashMap<>();
        Map<String, Object> messages = map(root, "messages", true);
        if (messages != null) {
            for (String key : messages.keySet()) {
                node = key;
                LocalizedText text = localized(messages, key, true);
                if (text != null) {
                    texts.put(key, text);
                }
            }
            node = null;
        }
        List<String> keywords = new ArrayList<>();
        Object raw = root.get("emergency_keywords");
        if (raw instanceof List<?> list) {
            list.forEach(k -> keywords.add(String.valueOf(k)));
        } else {
            problem("'emergency_keywords' must be a list of words and phrases");
        }
        return new SystemTexts(texts, keywords);
    }

    private Node parseNode(String id, Map<String, Object> yaml) {
        String type = string(yaml, "type", true);
        if (type == null) {
            return null;
        }
        Set<String> allowed = KEYS.get(type);
        if (allowed == null) {
            problem("unknown node type '" + type + "' (known: " + String.join(", ", KEYS.keySet().stream().sorted().toList()) + ")");
            return null;
        }
        unknownKeys(yaml, allowed, "node of type '" + type + "'");
        return switch (type) {
            case "message" -> new Node.Message(id, localized(yaml, "text", true), string(yaml, "next", true));
            case "choice" -> choice(id, yaml);
            case "text" -> {
                int min = integer(yaml, "min", 1);
                int max = integer(yaml, "max", 1000);
                if (min < 0 || max < 1 || min > max) {
                    problem("'min' " + min + " and 'max' " + max + " do not make a range");
                }
                String pattern = string(yaml, "pattern", false);
                if (pattern != null) {
                    try {
                        Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        problem("'pattern' is not a valid regular expression: " + e.getDescription());
                    }
                }
                yield new Node.FreeText(id, localized(yaml, "text", true), string(yaml, "var", true), min, max,
                        pattern, localized(yaml, "pattern_error", false), options(yaml, "suggestions", false),
                        string(yaml, "next", true), flag(yaml, "skip_if_set"));
            }
            case "location" -> {
                int min = integer(yaml, "min", 3);
                if (min < 1 || min > 100) {
                    problem("'min' must be between 1 and 100");
                }
                yield new Node.Location(id, localized(yaml, "text", true), string(yaml, "var", true), min,
                        options(yaml, "suggestions", false), string(yaml, "next", true));
            }
            case "media" -> {
                int max = integer(yaml, "max", 5);
                if (max < 1 || max > 10) {
                    problem("'max' must be between 1 and 10");
                }
                Object optional = yaml.getOrDefault("optional", Boolean.TRUE);
                if (!(optional instanceof Boolean)) {
                    problem("'optional' must be true or false");
                }
                yield new Node.Media(id, localized(yaml, "text", true), string(yaml, "var", true), max,
                        Boolean.TRUE.equals(optional), string(yaml, "next", true));
            }
            case "confirm" -> new Node.Confirm(id, localized(yaml, "text", true), string(yaml, "yes", true),
                    string(yaml, "no", true));
            case "goto" -> new Node.Goto(id, string(yaml, "target", true));
            case "action" -> {
                Map<String, String> outcomes = new LinkedHashMap<>();
                Map<String, Object> raw = map(yaml, "outcomes", false);
                if (raw != null) {
                    raw.forEach((k, v) -> outcomes.put(k, String.valueOf(v)));
                }
                yield new Node.Action(id, string(yaml, "action", true), string(yaml, "next", true), outcomes);
            }
            case "end" -> new Node.End(id, localized(yaml, "text", false), commands(yaml), localized(yaml, "again", false));
            default -> throw new IllegalStateException(type);
        };
    }

    /**
     * A choice's buttons are fixed ({@code options}, each with its {@code next}), or come from a
     * variable an action filled ({@code options_from}, all leading to the node's {@code next}),
     * optionally followed by fixed ones.
     */
    private Node choice(String id, Map<String, Object> yaml) {
        LocalizedText text = localized(yaml, "text", true);
        String var = string(yaml, "var", true);
        String optionsFrom = rawString(yaml, "options_from", false);
        if (optionsFrom == null) {
            if (yaml.containsKey("next")) {
                problem("'next' belongs to a choice with 'options_from'; fixed options name their own 'next'");
            }
            return new Node.Choice(id, text, var, options(yaml, "options", true), null, null, otherwise(yaml),
                    suggest(yaml));
        }
        if (!ID.matcher(optionsFrom).matches()) {
            problem("'options_from' must name a variable (lower case letters, digits and '_')");
        }
        String next = string(yaml, "next", true);
        List<Node.Option> fixed = yaml.containsKey("options") ? options(yaml, "options", true) : List.of();
        return new Node.Choice(id, text, var, fixed, optionsFrom, next, otherwise(yaml), suggest(yaml));
    }

    private Node.Otherwise otherwise(Map<String, Object> yaml) {
        Map<String, Object> raw = map(yaml, "otherwise", false);
        if (raw == null) {
            return null;
        }
        unknownKeys(raw, Set.of("var", "min", "next"), "'otherwise'");
        int min = integer(raw, "min", 10);
        if (min < 1) {
            problem("'otherwise' needs a 'min' of at least 1");
        }
        return new Node.Otherwise(string(raw, "var", true), min, string(raw, "next", true));
    }

    private Node.Suggest suggest(Map<String, Object> yaml) {
        Map<String, Object> raw = map(yaml, "suggest", false);
        if (raw == null) {
            return null;
        }
        unknownKeys(raw, Set.of("from", "text", "none"), "'suggest'");
        String from = rawString(raw, "from", true);
        if (from != null && !ID.matcher(from).matches()) {
            problem("'suggest' 'from' must name a variable (lower case letters, digits and '_')");
        }
        return new Node.Suggest(from, localized(raw, "text", true), localized(raw, "none", true));
    }

    /** Buttons of an end node: each a label and the command it types ("/status {{tip_code}}"). */
    private List<Node.CommandButton> commands(Map<String, Object> yaml) {
        Object raw = yaml.get("commands");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            problem("'commands' must be a list of {label, command}");
            return List.of();
        }
        List<Node.CommandButton> buttons = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                problem("each of 'commands' must be a mapping with label and command");
                continue;
            }
            Map<String, Object> button = cast(m);
            unknownKeys(button, Set.of("label", "command"), "command button");
            String command = rawString(button, "command", true);
            if (command != null && !command.startsWith("/")) {
                problem("command '" + command + "' must start with '/'");
            }
            buttons.add(new Node.CommandButton(localized(button, "label", true), command));
        }
        return buttons;
    }

    private boolean flag(Map<String, Object> yaml, String key) {
        Object raw = yaml.getOrDefault(key, Boolean.FALSE);
        if (!(raw instanceof Boolean)) {
            problem("'" + key + "' must be true or false");
            return false;
        }
        return (Boolean) raw;
    }

    private List<Node.Option> options(Map<String, Object> yaml, String key, boolean required) {
        Object raw = yaml.get(key);
        if (raw == null) {
            if (required) {
                problem("'" + key + "' is missing: a choice needs at least one option");
            }
            return List.of();
        }
        if (!(raw instanceof List<?> list) || (required && list.isEmpty())) {
            problem("'" + key + "' must be a non-empty list of options");
            return List.of();
        }
        List<Node.Option> options = new ArrayList<>();
        Set<String> values = new java.util.HashSet<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                problem("each of '" + key + "' must be a mapping with value, label and next");
                continue;
            }
            Map<String, Object> option = cast(m);
            unknownKeys(option, Set.of("value", "label", "synonyms", "next"), "option");
            String value = string(option, "value", true);
            if (value != null && !values.add(value)) {
                problem("option value '" + value + "' appears twice");
            }
            List<String> synonyms = new ArrayList<>();
            if (option.get("synonyms") instanceof List<?> s) {
                s.forEach(x -> synonyms.add(String.valueOf(x)));
            }
            String next = string(option, "next", required);
            if (required && next == null) {
                continue;
            }
            options.add(new Node.Option(value, localized(option, "label", true), synonyms, next));
        }
        return options;
    }

    private Map<String, Object> load(FlowSource source) {
        file = source.name();
        node = null;
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(source.content());
            if (root instanceof Map<?, ?> m) {
                return cast(m);
            }
            problem("the file must be a YAML mapping");
        } catch (YAMLException e) {
            problem("not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        return null;
    }

    private void unknownKeys(Map<String, Object> yaml, Set<String> allowed, String what) {
        for (String key : yaml.keySet()) {
            if (!allowed.contains(key) && !key.equals("type")) {
                problem("unknown key '" + key + "' for a " + what);
            }
        }
    }

    private LocalizedText localized(Map<String, Object> yaml, String key, boolean required) {
        Object raw = yaml.get(key);
        if (raw == null) {
            if (required) {
                problem("'" + key + "' is missing");
            }
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            problem("'" + key + "' must give the text per language (" + String.join(", ", Languages.ALL) + ")");
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        m.forEach((lang, text) -> texts.put(String.valueOf(lang), text == null ? "" : Folding.nfc(String.valueOf(text))));
        for (String lang : Languages.ALL) {
            if (texts.getOrDefault(lang, "").isBlank()) {
                problem("missing '" + lang + "' text in '" + key + "'");
            }
        }
        for (String lang : texts.keySet()) {
            if (!Languages.supported(lang)) {
                problem("'" + key + "' has a text in unsupported language '" + lang + "'");
            }
        }
        return new LocalizedText(texts);
    }

    private String string(Map<String, Object> yaml, String key, boolean required) {
        String value = rawString(yaml, key, required);
        if (value != null && key.equals("var") && !ID.matcher(value).matches()) {
            problem("variable name '" + value + "' must be lower case letters, digits and '_'");
        }
        return value;
    }

    private String rawString(Map<String, Object> yaml, String key, boolean required) {
        Object raw = yaml.get(key);
        if (raw == null || String.valueOf(raw).isBlank()) {
            if (required) {
                problem("'" + key + "' is missing");
            }
            return null;
        }
        if (raw instanceof Map || raw instanceof List) {
            problem("'" + key + "' must be a single value");
            return null;
        }
        return String.valueOf(raw);
    }

    private Map<String, Object> map(Map<String, Object> yaml, String key, boolean required) {
        Object raw = yaml.get(key);
        if (raw == null) {
            if (required) {
                problem("'" + key + "' is missing");
            }
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            problem("'" + key + "' must be a mapping");
            return null;
        }
        return cast(m);
    }

    private int integer(Map<String, Object> yaml, String key, int fallback) {
        Object raw = yaml.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Integer i) {
            return i;
        }
        problem("'" + key + "' must be a whole number");
        return fallback;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private void problem(String message) {
        problems.add(new FlowProblem(file, node, message));
    }
}
