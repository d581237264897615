package vn.tipline.account;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.Http;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** First run: with no account at all, an administrator is created. Each case starts its own service. */
class AdminBootstrapTest {

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "tipline.officer.admin-username=chief")
    @ActiveProfiles("test")
    class WithoutAConfiguredPassword {

        @LocalServerPort
        int port;

        @Autowired
        AdminBootstrap bootstrap;

        @Test
        void aOneTimePasswordIsLoggedOnceAndMustBeChanged(CapturedOutput output) throws Exception {
            Matcher m = Pattern.compile("administrator 'chief' with the one-time password (\\S+)").matcher(output.getAll());
            assertThat(m.find()).as("the generated password is logged").isTrue();
            String oneTime = m.group(1);
            assertThat(output.getAll().split(Pattern.quote(oneTime), -1)).hasSize(2); // printed exactly once

            Http first = Http.basic(port, "chief", oneTime);
            assertThat(first.get("/api/admin/tips").status()).isEqualTo(403);
            assertThat(first.post("/api/admin/me/password", Map.of("currentPassword", oneTime,
                    "newPassword", "một mật khẩu mới đủ dài")).status()).isEqualTo(204);
            Http chief = Http.basic(port, "chief", "một mật khẩu mới đủ dài");
            assertThat(chief.get("/api/admin/tips").status()).isEqualTo(200);

            // A second start finds an account and creates nothing, prints nothing.
            bootstrap.run(null);
            assertThat(output.getAll().split(Pattern.quote("one-time password"), -1)).hasSize(2);

            // The only administrator cannot be disabled or demoted.
            Http.Response lastAdmin = chief.patch("/api/admin/accounts/chief", Map.of("enabled", false));
            assertThat(lastAdmin.status()).isEqualTo(422);
            assertThat(lastAdmin.json().get("reason").asText()).isEqualTo("LAST_ADMIN");
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "tipline.officer.admin-password=chosen by the operator")
    @ActiveProfiles("test")
    class WithTiplineAdminPassword {

        @LocalServerPort
        int port;

        @Test
        void theAdministratorUsesItWithoutAChangeAndNothingSecretIsLogged(CapturedOutput output) {
            assertThat(Http.basic(port, "admin", "chosen by the operator").get("/api/admin/tips").status()).isEqualTo(200);
            assertThat(output.getAll()).doesNotContain("chosen by the operator").doesNotContain("one-time password");
        }
    }
}
