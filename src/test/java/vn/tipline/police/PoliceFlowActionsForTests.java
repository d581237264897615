package vn.tipline.police;

import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stand-ins for the police feature's flow actions, for engine tests that replay the real flow
 * files without Spring: the real names, outcomes and required texts (taken from the real
 * action beans, so they cannot drift), and a run that answers {@code ok} with no variables.
 */
public final class PoliceFlowActionsForTests {

    private PoliceFlowActionsForTests() {
    }

    public static List<FlowAction> stubs() {
        PoliceActions real = new PoliceActions(null, null, null, null, null);
        return List.of(real.policeSearchAction(), real.policeBrowseAction(), real.policePickAction(),
                real.policeLocateAction(), real.relayResumeAction(), real.relayOpenAction(), real.relayPostAction(),
                real.relayCloseAction(), real.policeSearchCommuneAction()).stream().map(PoliceFlowActionsForTests::stub).toList();
    }

    private static FlowAction stub(FlowAction real) {
        return new FlowAction() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public Set<String> outcomes() {
                return real.outcomes();
            }

            @Override
            public List<String> requiredTexts() {
                return real.requiredTexts();
            }

            @Override
            public Result run(ActionContext context) {
                return Result.ok(Map.of());
            }
        };
    }
}
