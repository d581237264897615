package vn.tipline.officer;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address throttle of failed sign-ins (the per-account lockout is tested end to end). */
class LoginThrottleTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new OfficerProperties(null, null, 5, null, 3, Duration.ofMinutes(10), 10), clock);

    @Test
    void anAddressIsRefusedAfterTooManyFailuresWithinTheWindowThenForgiven() {
        throttle.recordFailure("10.0.0.1");
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isTrue();
        assertThat(throttle.blocked("10.0.0.2")).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void theFilterStopsCredentialsFromAThrottledAddressBeforeAnyPasswordCheck() throws Exception {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.9");
        }
        ProblemResponses problems = new ProblemResponses(new com.fasterxml.jackson.databind.ObjectMapper());

        MockHttpServletRequest api = new MockHttpServletRequest("GET", "/api/admin/tips");
        api.setRemoteAddr("10.0.0.9");
        api.addHeader("Authorization", "Basic eDp5");
        MockHttpServletResponse apiResponse = new MockHttpServletResponse();
        MockFilterChain apiChain = new MockFilterChain();
        new LoginThrottleFilter(throttle, problems, true).doFilter(api, apiResponse, apiChain);
        assertThat(apiResponse.getStatus()).isEqualTo(429);
        assertThat(apiResponse.getContentType()).startsWith("application/problem+json");
        assertThat(apiChain.getRequest()).isNull();

        MockHttpServletRequest login = new MockHttpServletRequest("POST", "/admin/login");
        login.setServletPath("/admin/login");
        login.setRemoteAddr("10.0.0.9");
        MockHttpServletResponse loginResponse = new MockHttpServletResponse();
        new LoginThrottleFilter(throttle, problems, false).doFilter(login, loginResponse, new MockFilterChain());
        assertThat(loginResponse.getRedirectedUrl()).isEqualTo("/admin/login?throttled");

        // Another address, or a request without credentials, passes.
        MockHttpServletRequest other = new MockHttpServletRequest("GET", "/api/admin/tips");
        other.setRemoteAddr("10.0.0.10");
        other.addHeader("Authorization", "Basic eDp5");
        MockFilterChain otherChain = new MockFilterChain();
        new LoginThrottleFilter(throttle, problems, true).doFilter(other, new MockHttpServletResponse(), otherChain);
        assertThat(otherChain.getRequest()).isNotNull();
    }
}
