package vn.tipline.account;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import vn.tipline.conversation.EngineHarness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in throttle on a movable clock: per name and address, per address (the attack over HTTP: AccountsAndAuditTest). */
class LoginThrottleTest {

    private final EngineHarness.MutableClock clock = new EngineHarness.MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    /** 5 failures in a row per name and address; refusals up to 15 minutes; 12 failures per address in 10 minutes. */
    private final LoginThrottle throttle = new LoginThrottle(
            new OfficerProperties(null, null, 5, Duration.ofMinutes(15), 12, Duration.ofMinutes(10), 10), clock);

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(account, address);
        }
    }

    private void after(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void aStrangersFailuresRefuseTheirAddressForThatNameAndNeverTheAccount() {
        fail("admin", "203.0.113.7", 4);
        assertThat(throttle.refused("admin", "203.0.113.7")).isFalse();
        assertThat(throttle.recordFailure("ADMIN ", "203.0.113.7")).contains(Duration.ofMinutes(1));
        assertThat(throttle.refused("admin", "203.0.113.7")).isTrue();
        // The administrator at another address, and other names from that address, are not refused.
        assertThat(throttle.refused("admin", "198.51.100.20")).isFalse();
        assertThat(throttle.refused("officer1", "203.0.113.7")).isFalse();
        // However long the stranger keeps at it.
        for (int i = 0; i < 200; i++) {
            throttle.recordFailure("admin", "203.0.113.7");
            after(Duration.ofMinutes(1));
        }
        assertThat(throttle.refused("admin", "198.51.100.20")).isFalse();
    }

    @Test
    void refusalsStartAtAMinuteAndDoubleUpToTheLockout() {
        fail("officer1", "10.0.0.1", 4);
        List<Duration> refusals = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Duration refusal = throttle.recordFailure("officer1", "10.0.0.1").orElseThrow();
            refusals.add(refusal);
            after(refusal.minusSeconds(1));
            assertThat(throttle.refused("officer1", "10.0.0.1")).isTrue();
            after(Duration.ofSeconds(1));
            assertThat(throttle.refused("officer1", "10.0.0.1")).isFalse();
        }
        assertThat(refusals).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(15), Duration.ofMinutes(15));
        // A whole lockout without failures, and the count starts again.
        after(Duration.ofMinutes(15));
        assertThat(throttle.recordFailure("officer1", "10.0.0.1")).isEmpty();
    }

    @Test
    void aSuccessOrAnAdministratorForgetsTheCount() {
        fail("officer1", "10.0.0.1", 4);
        throttle.recordSuccess("officer1", "10.0.0.1");
        assertThat(throttle.recordFailure("officer1", "10.0.0.1")).isEmpty();
        fail("officer1", "10.0.0.1", 4);
        fail("officer1", "10.0.0.2", 5);
        assertThat(throttle.refusedSomewhere("officer1")).isTrue();
        throttle.forget("Officer1");
        assertThat(throttle.refused("officer1", "10.0.0.1")).isFalse();
        assertThat(throttle.refused("officer1", "10.0.0.2")).isFalse();
        assertThat(throttle.refusedSomewhere("officer1")).isFalse();
    }

    @Test
    void aRefusalSaysHowLongItLasts() {
        fail("officer1", "10.0.0.1", 5);
        assertThat(throttle.refusedFor("officer1", "10.0.0.1")).contains(Duration.ofMinutes(1));
        after(Duration.ofSeconds(45));
        assertThat(throttle.refusedFor("officer1", "10.0.0.1")).contains(Duration.ofSeconds(15));
        after(Duration.ofSeconds(15));
        assertThat(throttle.refusedFor("officer1", "10.0.0.1")).isEmpty();
        // An address over its cap: until enough of its failures have left the 10-minute window.
        for (int i = 0; i < 12; i++) {
            throttle.recordFailure("name" + i, "10.0.0.2");
            after(Duration.ofSeconds(10));
        }
        assertThat(throttle.refusedFor("someone", "10.0.0.2")).contains(Duration.ofMinutes(10).minusSeconds(120));
    }

    @Test
    void anAddressSprayingManyNamesIsRefusedAltogetherThenForgiven() {
        for (int i = 0; i < 11; i++) {
            throttle.recordFailure("name" + i, "10.0.0.1");
        }
        assertThat(throttle.refused("someone", "10.0.0.1")).isFalse();
        throttle.recordFailure(null, "10.0.0.1");
        assertThat(throttle.refused("someone", "10.0.0.1")).isTrue();
        assertThat(throttle.refused(null, "10.0.0.1")).isTrue();
        assertThat(throttle.refused("someone", "10.0.0.2")).isFalse();
        after(Duration.ofMinutes(11));
        assertThat(throttle.refused("someone", "10.0.0.1")).isFalse();
    }

    @Test
    void theFilterStopsARefusedSignInBeforeAnyPasswordCheck() throws Exception {
        fail("x", "10.0.0.9", 5);
        ProblemResponses problems = new ProblemResponses(new com.fasterxml.jackson.databind.ObjectMapper());
        String basicX = "Basic " + java.util.Base64.getEncoder().encodeToString("x:y".getBytes());

        MockHttpServletRequest api = new MockHttpServletRequest("GET", "/api/admin/tips");
        api.setRemoteAddr("10.0.0.9");
        api.addHeader("Authorization", basicX);
        MockHttpServletResponse apiResponse = new MockHttpServletResponse();
        MockFilterChain apiChain = new MockFilterChain();
        new LoginThrottleFilter(throttle, problems, true).doFilter(api, apiResponse, apiChain);
        assertThat(apiResponse.getStatus()).isEqualTo(429);
        assertThat(apiResponse.getContentType()).startsWith("application/problem+json");
        // The refusal's real length (the first is a minute), not a fixed quarter of an hour.
        assertThat(apiResponse.getHeader("Retry-After")).isEqualTo("60");
        assertThat(apiChain.getRequest()).isNull();

        MockHttpServletRequest login = new MockHttpServletRequest("POST", "/admin/login");
        login.setServletPath("/admin/login");
        login.setRemoteAddr("10.0.0.9");
        login.addParameter("username", "x");
        MockHttpServletResponse loginResponse = new MockHttpServletResponse();
        new LoginThrottleFilter(throttle, problems, false).doFilter(login, loginResponse, new MockFilterChain());
        assertThat(loginResponse.getRedirectedUrl()).isEqualTo("/admin/login?throttled");

        // The same name from another address, another name, or a request without credentials, passes.
        for (String[] pass : new String[][]{{"10.0.0.10", basicX},
                {"10.0.0.9", "Basic " + java.util.Base64.getEncoder().encodeToString("z:y".getBytes())},
                {"10.0.0.9", "Bearer tlk_x"}, {"10.0.0.9", "Basic not base64!"}}) {
            MockHttpServletRequest other = new MockHttpServletRequest("GET", "/api/admin/tips");
            other.setRemoteAddr(pass[0]);
            other.addHeader("Authorization", pass[1]);
            MockFilterChain otherChain = new MockFilterChain();
            new LoginThrottleFilter(throttle, problems, true).doFilter(other, new MockHttpServletResponse(), otherChain);
            assertThat(otherChain.getRequest()).as(String.join(" ", pass)).isNotNull();
        }
    }
}
