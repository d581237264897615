package vn.tipline.police;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The police lookup's button handling: a button it did not write is "nothing found", but a lookup
 * that fails is not. The engine turns the failure into "that did not work, try again" and logs it
 * (FlowEngine.handle), where "nothing found" would tell a citizen their ward has no police on file.
 */
class PolicePickActionTest {

    private final Gazetteer gazetteer = mock(Gazetteer.class);
    private final PoliceUnits units = mock(PoliceUnits.class);
    private final FlowAction pick = new PoliceActions(gazetteer, units, null, null, null).policePickAction();

    private FlowAction.Result press(String value) {
        return pick.run(new ActionContext("web", "reporter-key", "vi", false, "run-1", Map.of("picked", value), null));
    }

    @Test
    void aButtonValueItDidNotWriteFindsNothingWithoutLookingAnythingUp() {
        for (String forged : new String[]{"", "c", "c:", "c:abc", "c:1e9", "u", "u:", "cp:1", "cp:x:2", "p:", "pp:-", "sp:", "zz:1"}) {
            assertThat(press(forged).outcome()).as(forged).isEqualTo("none");
        }
        verifyNoInteractions(units, gazetteer);
    }

    @Test
    void aUnitNotOnFileFindsNothing() {
        when(units.find("CAX-99999")).thenReturn(Optional.empty());
        assertThat(press("u:CAX-99999").outcome()).isEqualTo("none");
    }

    @Test
    void aStoreFailureDuringTheLookupIsAFailureNotNothingFound() {
        when(units.find(anyString())).thenThrow(new DataAccessResourceFailureException("store unreachable"));
        when(units.forCommune(anyInt())).thenThrow(new DataAccessResourceFailureException("store unreachable"));
        assertThatThrownBy(() -> press("u:CAX-20242")).isInstanceOf(DataAccessResourceFailureException.class);
        assertThatThrownBy(() -> press("c:20242")).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void theGazetteerStillLoadingIsAFailureNotNothingFound() {
        when(units.forCommune(anyInt())).thenThrow(new GazetteerUnavailable("loading", null));
        assertThatThrownBy(() -> press("c:20242")).isInstanceOf(GazetteerUnavailable.class);
    }
}
