package vn.tipline.conversation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each validation rule, shown failing on a broken file, with the message naming file, node and problem. */
class FlowValidatorTest {

    private static final String MAIN = """
            id: main
            start: menu
            nodes:
              menu:
                type: choice
                var: choice
                text: {vi: "Chọn", en: "Pick"}
                options:
                  - value: a
                    label: {vi: "A", en: "A"}
                    next: "@extra"
            """;

    private static final String EXTRA = """
            id: extra
            start: ask
            nodes:
              ask:
                type: text
                var: answer
                text: {vi: "Hỏi", en: "Ask"}
                next: done
              done:
                type: end
                text: {vi: "Xong", en: "Done"}
            """;

    private static FlowAction action(String name, String... outcomes) {
        return new FlowAction() {
            public String name() {
                return name;
            }

            public Set<String> outcomes() {
                return Set.of(outcomes);
            }

            public Result run(ActionContext context) {
                return Result.of(Result.OK);
            }
        };
    }

    private static String messages() {
        return EngineHarness.sources().stream().filter(s -> s.name().equals("messages.yaml")).findFirst().orElseThrow().content();
    }

    private static List<FlowSource> files(Map<String, String> flows) {
        List<FlowSource> sources = new ArrayList<>();
        flows.forEach((name, content) -> sources.add(new FlowSource(name, content)));
        if (!flows.containsKey("messages.yaml")) {
            sources.add(new FlowSource("messages.yaml", messages()));
        }
        return sources;
    }

    private static void assertProblem(Map<String, String> flows, String expected) {
        assertThatThrownBy(() -> new FlowValidator(List.of(action("tip.create"), action("tip.lookup", "not_found")))
                .load(files(flows)))
                .isInstanceOf(FlowValidationException.class)
                .hasMessageContaining(expected);
    }

    private static Map<String, String> withExtra(String extra) {
        return Map.of("main.yaml", MAIN, "extra.yaml", extra);
    }

    @Test
    void aCleanSetLoads() {
        FlowCatalog catalog = new FlowValidator(List.of()).load(files(withExtra(EXTRA)));
        assertThat(catalog.flows()).containsKeys("main", "extra");
    }

    @Test
    void theShippedFlowsAreValid() {
        FlowCatalog catalog = new EngineHarness().engine.catalog();
        assertThat(catalog.flows()).containsKeys("main", "report", "check", "help");
    }

    @Test
    void aFlowsCommandNeedsItsDescriptionForTheCommandMenu() {
        assertProblem(withExtra("command: track\n" + EXTRA),
                "messages.yaml: message 'command_track' is missing: /track needs its description");
    }

    @Test
    void aTextMayNameOnlyCommandsThatExist() {
        assertProblem(withExtra(EXTRA.replace("{vi: \"Hỏi\", en: \"Ask\"}", "{vi: \"Gõ /huy để dừng\", en: \"Type /quit to stop\"}")),
                "extra.yaml: node 'ask': the text names /huy, which is no command");
        // "phường/xã" and "5/12" name no command.
        new FlowValidator(List.of()).load(files(withExtra(EXTRA.replace("{vi: \"Hỏi\", en: \"Ask\"}",
                "{vi: \"Phường/xã, ngày 5/12, /status\", en: \"Ward/commune, /menu\"}"))));
    }

    @Test
    void anEndNodesButtonMustTypeAKnownCommand() {
        assertProblem(withExtra(EXTRA.replace("text: {vi: \"Xong\", en: \"Done\"}", """
                text: {vi: "Xong", en: "Done"}
                    commands:
                      - label: {vi: "Theo dõi", en: "Track"}
                        command: "/track {{answer}}"
                """.stripTrailing())), "extra.yaml: node 'done': button command '/track' is neither");
    }

    @Test
    void invalidYamlIsReportedWithTheFile() {
        assertProblem(withExtra("id: extra\nnodes: [unclosed"), "extra.yaml: not valid YAML");
    }

    @Test
    void unknownNodeType() {
        assertProblem(withExtra(EXTRA.replace("type: text", "type: textbox")), "extra.yaml: node 'ask': unknown node type 'textbox'");
    }

    @Test
    void unknownKeyCatchesTypos() {
        assertProblem(withExtra(EXTRA.replace("next: done", "nxet: done")), "extra.yaml: node 'ask': unknown key 'nxet'");
    }

    @Test
    void unknownTargetNode() {
        assertProblem(withExtra(EXTRA.replace("next: done", "next: dnoe")), "extra.yaml: node 'ask': target 'dnoe' does not exist");
    }

    @Test
    void unknownTargetFlow() {
        assertProblem(withExtra(EXTRA.replace("next: done", "next: \"@nowhere\"")), "target '@nowhere' does not exist");
    }

    @Test
    void unreachableNode() {
        assertProblem(withExtra(EXTRA + """
                  orphan:
                    type: end
                """), "extra.yaml: node 'orphan': unreachable");
    }

    @Test
    void missingLanguageText() {
        assertProblem(withExtra(EXTRA.replace("{vi: \"Hỏi\", en: \"Ask\"}", "{vi: \"Hỏi\"}")),
                "extra.yaml: node 'ask': missing 'en' text in 'text'");
    }

    @Test
    void unsupportedLanguage() {
        assertProblem(withExtra(EXTRA.replace("en: \"Ask\"", "en: \"Ask\", fr: \"Demande\"")), "unsupported language 'fr'");
    }

    @Test
    void unknownAction() {
        assertProblem(withExtra(EXTRA.replace("""
                    type: end
                    text: {vi: "Xong", en: "Done"}
                """, """
                    type: action
                    action: tip.explode
                    next: ask
                """)), "extra.yaml: node 'done': unknown action 'tip.explode'");
    }

    @Test
    void unknownActionOutcome() {
        assertProblem(withExtra(EXTRA.replace("""
                    type: end
                    text: {vi: "Xong", en: "Done"}
                """, """
                    type: action
                    action: tip.lookup
                    next: ask
                    outcomes: {exploded: ask}
                """)), "node 'done': action 'tip.lookup' has no outcome 'exploded'");
    }

    @Test
    void choiceWithoutOptions() {
        assertProblem(Map.of("main.yaml", """
                id: main
                start: menu
                nodes:
                  menu:
                    type: choice
                    var: choice
                    text: {vi: "Chọn", en: "Pick"}
                """), "main.yaml: node 'menu': 'options' is missing");
    }

    @Test
    void optionWithoutTarget() {
        assertProblem(Map.of("main.yaml", MAIN.replace("        next: \"@extra\"\n", "")), "main.yaml: node 'menu': 'next' is missing");
    }

    @Test
    void duplicateOptionValue() {
        assertProblem(withExtra(EXTRA).entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getKey().equals("main.yaml") ? MAIN + """
                              - value: a
                                label: {vi: "B", en: "B"}
                                next: "@extra"
                        """ : e.getValue())), "option value 'a' appears twice");
    }

    @Test
    void missingMainFlow() {
        assertProblem(Map.of("extra.yaml", EXTRA), "the main menu flow 'main' is missing");
    }

    @Test
    void missingSystemMessage() {
        Map<String, String> flows = new java.util.HashMap<>(withExtra(EXTRA));
        flows.put("messages.yaml", messages().replace("  stale_menu:", "  stale_menu_renamed:"));
        assertProblem(flows, "messages.yaml: message 'stale_menu' is missing");
    }

    @Test
    void idMustMatchFileName() {
        assertProblem(withExtra(EXTRA.replace("id: extra", "id: other")), "does not match the file name");
    }

    @Test
    void invalidPattern() {
        assertProblem(withExtra(EXTRA.replace("var: answer", "var: answer\n    pattern: '[a-'")),
                "node 'ask': 'pattern' is not a valid regular expression");
    }

    @Test
    void minAboveMax() {
        assertProblem(withExtra(EXTRA.replace("var: answer", "var: answer\n    min: 20\n    max: 10")), "do not make a range");
    }

    @Test
    void startNodeMustExist() {
        assertProblem(withExtra(EXTRA.replace("start: ask", "start: asks")), "extra.yaml: start node 'asks' does not exist");
    }

    @Test
    void variableNamesMustBeStorable() {
        assertProblem(withExtra(EXTRA.replace("var: answer", "var: tip.answer")), "variable name 'tip.answer'");
    }

    @Test
    void twoFlowsCannotClaimOneCommand() {
        assertProblem(Map.of("main.yaml", MAIN.replace("start: menu", "start: menu\ncommand: help"),
                "extra.yaml", EXTRA.replace("start: ask", "start: ask\ncommand: help")), "command 'help' is already opened");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> new FlowValidator(List.of()).load(files(withExtra(
                EXTRA.replace("next: done", "next: dnoe").replace("en: \"Done\"", "en: \"\"")))))
                .isInstanceOfSatisfying(FlowValidationException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3));
    }
}
