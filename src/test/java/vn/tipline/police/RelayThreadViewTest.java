package vn.tipline.police;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A citizen's relay message reaches the officers' API with bidi and control characters shown as markers. */
class RelayThreadViewTest {

    @Test
    void citizensTextInARelayThreadShowsMarkers() {
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        RelayThread thread = new RelayThread("id", "RL-2345-6789", "unit", "Công an phường", "key", "vi", false,
                "Anh Nam \u202E0909", RelayThread.Status.OPEN,
                List.of(new RelayThread.Message(RelayThread.From.CITIZEN, "Xem tệp \u202Egpj.exe\u0000", at, null, null, false)),
                at, at, null, null);

        PoliceAdminController.ThreadView view = PoliceAdminController.ThreadView.of(thread);

        assertThat(view.messages().get(0).text()).isEqualTo("Xem tệp ⟨U+202E⟩gpj.exe⟨U+0000⟩");
        assertThat(view.contact()).isEqualTo("Anh Nam ⟨U+202E⟩0909");
    }
}
