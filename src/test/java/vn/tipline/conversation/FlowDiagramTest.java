package vn.tipline.conversation;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/flows.md is the diagram of the flow files as they are now, never of an older version. */
class FlowDiagramTest {

    private static final Path PAGE = Path.of("docs/flows.md");
    private static final String REGENERATE = "mvn test -Dtest=FlowDiagramTest -Dflows.write=true";

    private static String generated() {
        List<FlowSource> sources = EngineHarness.sources();
        FlowCatalog catalog = new FlowValidator(EngineHarness.stubsForOtherActions(List.of())).load(sources);
        return new FlowDiagram(catalog, FlowDiagram.summaries(sources)).markdown();
    }

    @Test
    void docsFlowsMatchesTheFlowFiles() throws Exception {
        String expected = generated();
        if (Boolean.getBoolean("flows.write")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        assertThat(actual)
                .as("docs/flows.md is stale: the flow files changed since it was drawn. Regenerate it with: " + REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void everyFlowAndEveryStepIsDrawn() {
        String page = generated();
        for (FlowSource source : EngineHarness.sources()) {
            if (source.name().equals(FlowParser.MESSAGES_FILE)) {
                continue;
            }
            Flow flow = new FlowParser().parseFlow(source);
            assertThat(page).contains("## " + flow.id() + " (`" + flow.source() + "`)");
            flow.nodes().keySet().forEach(node ->
                    assertThat(page).as(flow.id() + "/" + node).containsPattern("\n  n_" + node + "[\\[(>]"));
        }
    }
}
