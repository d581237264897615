package vn.tipline.police;

import org.junit.jupiter.api.Test;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.ConversationState;
import vn.tipline.conversation.EvidenceStore;
import vn.tipline.conversation.EngineSettings;
import vn.tipline.conversation.FlowAction;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.FlowEngine;
import vn.tipline.conversation.FlowFiles;
import vn.tipline.conversation.FlowValidator;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Outbound;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real flow files validate with the police actions, and the report flow still walks through its new place step. */
class PoliceFlowFilesTest {

    private static FlowAction stub(String name, Set<String> outcomes) {
        return new FlowAction() {
            public String name() {
                return name;
            }

            public Set<String> outcomes() {
                return outcomes;
            }

            public List<String> requiredTexts() {
                return List.of();
            }

            public Result run(ActionContext context) {
                return Result.ok(Map.of("tip_code", "TG-TEST-0001"));
            }
        };
    }

    @Test
    void theFlowsValidateAndEveryPoliceNodeIsReachable() throws Exception {
        List<FlowAction> actions = new ArrayList<>(PoliceFlowActionsForTests.stubs());
        actions.addAll(vn.tipline.conversation.EngineHarness.stubsForOtherActions(actions));
        FlowCatalog catalog = new FlowValidator(actions).load(FlowFiles.fromDirectory(Path.of("conversation-flows")));
        assertThat(catalog.flows()).containsKeys("main", "police", "report");

        FlowEngine engine = new FlowEngine(catalog, actions, (media, held) -> new EvidenceStore.Saved("ev", true), new EngineSettings(4000, Duration.ofMinutes(30)),
                Clock.systemUTC());
        ConversationState state = new ConversationState("key", "test", "vi");
        List<Outbound> out = engine.greet(state);
        out = engine.handle(state, new Inbound.ButtonPress(button(out, "Báo tin")));
        out = engine.handle(state, new Inbound.ButtonPress(button(out, "Ma túy")));
        engine.handle(state, new Inbound.Text("Có người bán ma túy ở đầu hẻm mỗi tối"));
        out = engine.handle(state, new Inbound.Text("Phường Bến Nghé, Quận 1"));
        assertThat(out.get(out.size() - 1).text()).contains("Việc này xảy ra khi nào?");
        assertThat(state.getNode()).isEqualTo("when");
    }

    private static String button(List<Outbound> out, String label) {
        for (Outbound o : out) {
            if (o instanceof Outbound.Choice c) {
                for (Button b : c.buttons()) {
                    if (b.label().contains(label)) {
                        return b.payload();
                    }
                }
            }
        }
        throw new AssertionError("no button " + label + " in " + out);
    }
}
