package vn.tipline.conversation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws every flow of a validated catalog as a Mermaid diagram (docs/flows.md), so that whoever
 * edits a flow's YAML sees its shape first. Drawn from the catalog rather than by hand, so the
 * picture cannot drift from what the engine runs: FlowDiagramTest compares the two.
 */
final class FlowDiagram {

    private static final String LANGUAGE = Languages.DEFAULT;
    private static final int TEXT_PREVIEW = 60;
    private static final int LABELS_SHOWN = 3;

    private final FlowCatalog catalog;
    private final Map<String, String> summaries;

    /** @param summaries one sentence per flow id, shown under its heading */
    FlowDiagram(FlowCatalog catalog, Map<String, String> summaries) {
        this.catalog = catalog;
        this.summaries = summaries;
    }

    /** The first sentence of each flow file's opening comment: the file's own account of itself. */
    static Map<String, String> summaries(List<FlowSource> sources) {
        Map<String, String> summaries = new LinkedHashMap<>();
        for (FlowSource source : sources) {
            StringBuilder comment = new StringBuilder();
            for (String line : source.content().split("\n")) {
                if (!line.startsWith("#")) {
                    break;
                }
                comment.append(line.substring(1).strip()).append(' ');
            }
            String text = comment.toString().strip();
            int end = text.indexOf(". ");
            summaries.put(source.name().replaceFirst("\\.yaml$", ""), end < 0 ? text : text.substring(0, end + 1));
        }
        return summaries;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Conversation flows, drawn

                Drawn by `FlowDiagram` from the flow files in
                [`conversation-flows/`](../conversation-flows/README.md); do not edit it by hand. After
                changing a flow, redraw it with `mvn test -Dtest=FlowDiagramTest -Dflows.write=true`:
                the test fails while this page is stale.

                How to read a diagram: each box is one step of the conversation, named by its id in the
                YAML file and its kind, with the start of what the bot says in Vietnamese. Arrows carry the
                button a citizen presses (Vietnamese label) or the outcome of an action. A box starting
                with ➜ is another flow the conversation moves into.

                | shape | kind of step |
                |---|---|
                | rectangle | `message`: the bot says something and moves on |
                | rounded | `choice`, `text`, `location`, `media`, `confirm`: the bot waits for the citizen |
                | double-sided | `action`: the service does something (files the tip, looks up a unit) |
                | stadium | `end`: the conversation ends, with a button back to the menu |
                | flag | `goto` (jump) and ➜ other flows |

                """);
        List<Flow> flows = new ArrayList<>(catalog.flows().values());
        flows.sort(Comparator.comparing((Flow f) -> !f.id().equals(FlowCatalog.MAIN)).thenComparing(Flow::id));
        for (Flow flow : flows) {
            out.append("## ").append(flow.id()).append(" (`").append(flow.source()).append("`)\n\n");
            String summary = summaries.get(flow.id());
            if (summary != null && !summary.isBlank()) {
                out.append(summary).append("\n\n");
            }
            out.append("```mermaid\n").append(diagram(flow)).append("```\n\n");
        }
        return out.toString();
    }

    String diagram(Flow flow) {
        Lines lines = new Lines();
        lines.add("flowchart TD");
        lines.add("  entry((start)) --> " + id(flow.start()));
        if (flow.command() != null) {
            lines.add("  entry_command((\"/" + flow.command() + "\")) --> " + id(flow.start()));
            if (flow.argument() != null) {
                lines.add("  entry_argument((\"/" + flow.command() + " …\")) --> " + id(flow.argument().node()));
            }
        }
        Map<String, String> others = new LinkedHashMap<>();
        for (Node node : flow.nodes().values()) {
            lines.add("  " + id(node.id()) + shape(node));
        }
        for (Node node : flow.nodes().values()) {
            edges(node).forEach((target, labels) -> {
                String to = target.startsWith("@") ? other(target, others) : id(target);
                String label = label(labels);
                lines.add("  " + id(node.id()) + (label.isEmpty() ? " --> " : " -->|\"" + label + "\"| ") + to);
            });
        }
        others.forEach((target, nodeId) ->
                lines.add("  " + nodeId + ">\"➜ " + quote(target.substring(1).replace("/", " / ")) + "\"]"));
        return lines.text();
    }

    /** Targets in order, each with the labels of the arrows that lead there (merged, so nine topics make one arrow). */
    private Map<String, List<String>> edges(Node node) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        if (node instanceof Node.Message m) {
            edge(edges, m.next(), null);
        } else if (node instanceof Node.Choice c) {
            if (c.optionsFrom() != null) {
                edge(edges, c.next(), "a pick from " + c.optionsFrom());
            }
            c.options().forEach(o -> edge(edges, o.next(), o.label().in(LANGUAGE)));
            if (c.otherwise() != null) {
                edge(edges, c.otherwise().next(), "other typed text");
            }
        } else if (node instanceof Node.FreeText t) {
            t.suggestions().forEach(o -> edge(edges, o.next() != null ? o.next() : t.next(), o.label().in(LANGUAGE)));
            edge(edges, t.next(), "typed text");
        } else if (node instanceof Node.Location l) {
            l.suggestions().forEach(o -> edge(edges, o.next() != null ? o.next() : l.next(), o.label().in(LANGUAGE)));
            edge(edges, l.next(), "place or location");
        } else if (node instanceof Node.Media m) {
            edge(edges, m.next(), null);
        } else if (node instanceof Node.Confirm c) {
            edge(edges, c.yes(), catalog.texts().get("yes", LANGUAGE));
            edge(edges, c.no(), catalog.texts().get("no", LANGUAGE));
        } else if (node instanceof Node.Goto g) {
            edge(edges, g.target(), null);
        } else if (node instanceof Node.Action a) {
            edge(edges, a.next(), a.outcomes().isEmpty() ? null : FlowAction.Result.OK);
            a.outcomes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> edge(edges, e.getValue(), e.getKey()));
        }
        return edges;
    }

    private static void edge(Map<String, List<String>> edges, String target, String label) {
        if (target == null) {
            return;
        }
        List<String> labels = edges.computeIfAbsent(target, t -> new ArrayList<>());
        if (label != null && !labels.contains(label)) {
            labels.add(label);
        }
    }

    private static String label(List<String> labels) {
        List<String> shown = labels.stream().limit(LABELS_SHOWN).map(FlowDiagram::quote).toList();
        String text = String.join(" / ", shown);
        return labels.size() > LABELS_SHOWN ? text + " / +" + (labels.size() - LABELS_SHOWN) + " more" : text;
    }

    private static String shape(Node node) {
        String title = node.id() + " · " + kind(node);
        if (node instanceof Node.Message m) {
            return "[\"" + title + preview(m.text()) + "\"]";
        } else if (node instanceof Node.Goto) {
            return ">\"" + title + "\"]";
        } else if (node instanceof Node.Action a) {
            return "[[\"" + title + "<br/><b>" + quote(a.action()) + "</b>\"]]";
        } else if (node instanceof Node.End e) {
            return "([\"" + title + preview(e.text()) + "\"])";
        }
        return "(\"" + title + preview(question(node)) + "\")";
    }

    /** The question of a step that waits for the citizen. */
    private static LocalizedText question(Node node) {
        if (node instanceof Node.Choice c) {
            return c.text();
        } else if (node instanceof Node.FreeText t) {
            return t.text();
        } else if (node instanceof Node.Location l) {
            return l.text();
        } else if (node instanceof Node.Media m) {
            return m.text();
        } else if (node instanceof Node.Confirm c) {
            return c.text();
        }
        return null;
    }

    /** Every text a node says, in any situation (for checks that read them all). */
    static List<LocalizedText> texts(Node node) {
        List<LocalizedText> texts = new ArrayList<>();
        texts.add(question(node));
        if (node instanceof Node.Message m) {
            texts.add(m.text());
        } else if (node instanceof Node.End e) {
            texts.add(e.text());
            texts.add(e.again());
        } else if (node instanceof Node.Choice c && c.suggest() != null) {
            texts.add(c.suggest().text());
            texts.add(c.suggest().none());
        } else if (node instanceof Node.FreeText t) {
            texts.add(t.patternError());
        }
        texts.removeIf(java.util.Objects::isNull);
        return texts;
    }

    /** The type as written in the YAML file. */
    private static String kind(Node node) {
        return node instanceof Node.FreeText ? "text" : node.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The first line of what the bot says, cut short: enough to recognise the step. */
    private static String preview(LocalizedText text) {
        if (text == null) {
            return "";
        }
        String line = text.in(LANGUAGE).strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return "";
        }
        if (line.codePointCount(0, line.length()) > TEXT_PREVIEW) {
            line = line.substring(0, line.offsetByCodePoints(0, TEXT_PREVIEW)).strip() + "…";
        }
        return "<br/><i>" + quote(line) + "</i>";
    }

    /** Mermaid reads quotes, angle brackets and a few more as syntax; entity codes show them as text. */
    private static String quote(String text) {
        return text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;")
                .replace("|", "#124;");
    }

    private static String other(String target, Map<String, String> others) {
        return others.computeIfAbsent(target, t -> "flow_" + t.substring(1).replaceAll("[^a-z0-9_]", "__"));
    }

    /** Node ids get a prefix: a step named {@code end} would otherwise close the diagram. */
    private static String id(String nodeId) {
        return "n_" + nodeId;
    }

    private static final class Lines {
        private final StringBuilder text = new StringBuilder();

        void add(String line) {
            text.append(line).append('\n');
        }

        String text() {
            return text.toString();
        }
    }
}
