package vn.tipline.abuse;

import org.junit.jupiter.api.Test;
import vn.tipline.conversation.EngineHarness.MutableClock;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address and overall limits of the web chat on their own clock. */
class ClientLimitsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private final ClientLimits limits = new ClientLimits(new ClientLimitProperties(3, 5, 2, 3), clock);

    private void started(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(limits.startSession(address)).as("session %d from %s", i + 1, address).isEmpty();
        }
    }

    @Test
    void anAddressMayStartItsSessionsPerHourAgainOnceTheOldestIsAnHourOld() {
        started("203.0.113.1", 1);
        clock.advance(Duration.ofMinutes(20));
        started("203.0.113.1", 2);
        assertThat(limits.startSession("203.0.113.1")).hasValue(Duration.ofMinutes(40));
        clock.advance(Duration.ofMinutes(40));
        started("203.0.113.1", 1);
        assertThat(limits.startSession("203.0.113.1")).isPresent();
    }

    @Test
    void allAddressesTogetherAreLimitedPerMinute() {
        started("203.0.113.1", 3);
        started("203.0.113.2", 2);
        assertThat(limits.startSession("203.0.113.3")).as("a sixth session in the minute, from anyone").isPresent();
        clock.advance(Duration.ofMinutes(1));
        started("203.0.113.3", 1);
    }

    @Test
    void anIpv6SubscriberCountsByItsSlash64AndAnythingElseByItsText() {
        started("2001:db8:1:2::1", 1);
        started("2001:db8:1:2:aaaa::2", 1);
        started("2001:db8:1:2:ffff:ffff:ffff:ffff", 1);
        assertThat(limits.startSession("2001:db8:1:2::99")).isPresent();
        started("2001:db8:1:3::1", 1);
        started("unknown", 1);
    }

    @Test
    void tipsCountPerAddressOnlyForAMessageFromThatAddress() {
        assertThat(limits.countTip()).as("another channel: no address, no limit here").isTrue();
        limits.onBehalfOf("203.0.113.9", () -> {
            assertThat(limits.mayFileTip()).isTrue();
            assertThat(limits.mayFileTip()).as("asking does not count").isTrue();
            assertThat(limits.countTip()).isTrue();
            assertThat(limits.countTip()).isTrue();
            assertThat(limits.mayFileTip()).isFalse();
            assertThat(limits.countTip()).isFalse();
            return null;
        });
        assertThat(limits.onBehalfOf("203.0.113.10", limits::countTip)).isTrue();
        assertThat(limits.onBehalfOf("203.0.113.11", limits::countTip)).as("three tips in a minute from all").isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(limits.onBehalfOf("203.0.113.9", limits::countTip)).isTrue();
    }

    @Test
    void aFloodsAddressesAreForgottenOnceQuiet() {
        for (int i = 0; i < 5; i++) {
            started("198.51.100." + i, 1);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(limits.remembered()).isEqualTo(5);
        clock.advance(Duration.ofMinutes(61));
        started("198.51.100.200", 1);
        assertThat(limits.remembered()).isEqualTo(1);
    }
}
