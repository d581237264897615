package vn.tipline.account;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.Prometheus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security filters run without an observation around each; requests are still timed. With the
 * metrics exported as shipped (tests turn that off by default).
 */
@AutoConfigureObservability(tracing = false)
class SecurityObservationsTest extends OfficerTestBase {

    @Test
    void requestsAreTimedWithoutAnObservationPerSecurityFilter() {
        String admin = fx.admin();
        assertThat(anonymous().get("/api/admin/me").status()).isEqualTo(401);
        assertThat(as(admin).get("/api/admin/me").status()).isEqualTo(200);

        Prometheus metrics = Prometheus.scrape(port, admin, Fixtures.PASSWORD);
        assertThat(metrics.value("http_server_requests_seconds_count", "uri=\"/api/admin/me\"", "status=\"200\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.value("http_server_requests_seconds_count", "uri=\"/api/admin/me\"", "status=\"401\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.text()).doesNotContain("spring_security_filterchains", "spring_security_authentications",
                "spring_security_authorizations");
    }
}
