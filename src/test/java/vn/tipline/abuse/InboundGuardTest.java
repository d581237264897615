package vn.tipline.abuse;

import org.junit.jupiter.api.Test;
import vn.tipline.conversation.EngineHarness.MutableClock;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static vn.tipline.abuse.InboundGuard.Verdict.ALLOW;
import static vn.tipline.abuse.InboundGuard.Verdict.BLOCKED;
import static vn.tipline.abuse.InboundGuard.Verdict.DROP;
import static vn.tipline.abuse.InboundGuard.Verdict.SLOW_DOWN;

/** The flood brake on its own clock: the limit holds over any 60 seconds, and a flooder is told once a minute. */
class InboundGuardTest {

    private static final int LIMIT = 30;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:59.500Z"));
    private final ReporterBlocks blocks = mock(ReporterBlocks.class);
    private final InboundGuard guard = new InboundGuard(new AbuseProperties(LIMIT, 5, 20), blocks, clock);

    private void allowed(String key, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(guard.check(key)).as("message %d", i + 1).isEqualTo(ALLOW);
        }
    }

    /** The limit in two halves {@code gap} apart, then one more: the flooder is told. */
    private void floodInTwoHalves(Duration gap) {
        allowed("flooder", LIMIT / 2);
        clock.advance(gap);
        allowed("flooder", LIMIT / 2);
        assertThat(guard.check("flooder")).isEqualTo(SLOW_DOWN);
    }

    @Test
    void theLimitHoldsAcrossTheTurnOfAMinute() {
        // Half the limit just before the minute turns (at 08:00:59.5), half just after: one more is too many.
        floodInTwoHalves(Duration.ofMillis(700));
        assertThat(guard.check("flooder")).isEqualTo(DROP);
        clock.advance(Duration.ofSeconds(30));
        assertThat(guard.check("flooder")).isEqualTo(DROP);
        assertThat(guard.check("someone else")).isEqualTo(ALLOW);
    }

    @Test
    void aMessageIsAcceptedAgainOnceTheOldestIsAMinuteOldAndTheFlooderIsToldOnceAMinute() {
        floodInTwoHalves(Duration.ofSeconds(10));

        // A minute after the first half: those slots are free again, and only those.
        clock.advance(Duration.ofMillis(50_000));
        allowed("flooder", LIMIT / 2);
        assertThat(guard.check("flooder")).as("told 50 s ago: not again yet").isEqualTo(DROP);
        clock.advance(Duration.ofSeconds(10));
        allowed("flooder", LIMIT / 2);
        assertThat(guard.check("flooder")).as("a minute after the notice").isEqualTo(SLOW_DOWN);
        assertThat(guard.check("flooder")).isEqualTo(DROP);
    }

    @Test
    void aBlockedReporterIsBlockedWhateverTheRate() {
        when(blocks.isBlocked("blocked")).thenReturn(true);
        assertThat(guard.check("blocked")).isEqualTo(BLOCKED);
        assertThat(guard.check("blocked")).isEqualTo(BLOCKED);
        assertThat(guard.check("free")).isEqualTo(ALLOW);
    }
}
