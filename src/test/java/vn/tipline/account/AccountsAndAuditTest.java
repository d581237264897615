package vn.tipline.account;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.tip.Tip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts (one-time passwords, scope changes, lockout) and the audit log that records it all. */
class AccountsAndAuditTest extends OfficerTestBase {

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.get("items").forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }

    @Test
    void anAdministratorCreatesAnAccountWhoseOneTimePasswordMustBeChangedFirst() {
        String admin = fx.admin();
        String username = fx.prefix + ".new";
        Http.Response created = as(admin).post("/api/admin/accounts", Map.of("username", username,
                "displayName", "Trung úy Lê Văn B", "role", "OFFICER", "units", List.of(fx.unit("a"))));
        assertThat(created.status()).isEqualTo(201);
        String oneTime = created.json().get("oneTimePassword").asText();
        assertThat(created.json().get("account").get("mustChangePassword").asBoolean()).isTrue();
        assertThat(created.text()).doesNotContain("passwordHash").doesNotContain("$2a$");

        Http firstLogin = Http.basic(port, username, oneTime);
        Http.Response held = firstLogin.get("/api/admin/tips");
        assertThat(held.status()).isEqualTo(403);
        assertThat(held.json().get("type").asText()).isEqualTo("urn:tipline:problem:password-change-required");
        assertThat(firstLogin.get("/api/admin/me").json().get("mustChangePassword").asBoolean()).isTrue();

        Http.Response weak = firstLogin.post("/api/admin/me/password", Map.of("currentPassword", oneTime, "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.json().get("reason").asText()).isEqualTo("PASSWORD_TOO_SHORT");
        assertThat(firstLogin.post("/api/admin/me/password", Map.of("currentPassword", oneTime,
                "newPassword", "mật khẩu mới rất dài")).status()).isEqualTo(204);
        assertThat(Http.basic(port, username, "mật khẩu mới rất dài").get("/api/admin/tips").status()).isEqualTo(200);
        assertThat(firstLogin.get("/api/admin/tips").status()).isEqualTo(401);
    }

    @Test
    void accountRulesAreEnforced() {
        Http api = as(fx.admin());
        assertThat(api.post("/api/admin/accounts", Map.of("username", fx.prefix + ".x", "role", "OFFICER"))
                .json().get("reason").asText()).isEqualTo("UNITS_REQUIRED");
        assertThat(api.post("/api/admin/accounts", Map.of("username", fx.prefix + ".y", "role", "SUPERVISOR"))
                .json().get("reason").asText()).isEqualTo("PROVINCE_REQUIRED");
        assertThat(api.post("/api/admin/accounts", Map.of("username", "A B <script>", "role", "ADMIN"))
                .json().get("reason").asText()).isEqualTo("USERNAME_INVALID");
        String existing = fx.officer(fx.unit("a"));
        assertThat(api.post("/api/admin/accounts", Map.of("username", existing.toUpperCase(), "role", "ADMIN"))
                .json().get("reason").asText()).isEqualTo("USERNAME_TAKEN");
        Http.Response noRole = api.post("/api/admin/accounts", Map.of("username", fx.prefix + ".z"));
        assertThat(noRole.status()).isEqualTo(400);
        assertThat(noRole.json().get("errors").get(0).get("field").asText()).isEqualTo("role");
        assertThat(api.patch("/api/admin/accounts/nobody-" + fx.prefix, Map.of("enabled", false)).json().get("reason").asText())
                .isEqualTo("ACCOUNT_UNKNOWN");
    }

    @Test
    void changingAnOfficersUnitsChangesWhatTheySeeAtOnce() {
        Tip tip = fx.tip(fx.unit("b"), null, "Buôn bán động vật hoang dã trái phép");
        String officer = fx.officer(fx.unit("a"));
        String token = fx.token(officer);
        assertThat(Http.token(port, token).get("/api/admin/tips/" + tip.getId()).status()).isEqualTo(404);
        JsonNode updated = as(fx.admin()).patch("/api/admin/accounts/" + officer,
                Map.of("units", List.of(fx.unit("a"), fx.unit("b")))).json();
        assertThat(updated.get("units").toString()).contains(fx.unit("b"));
        assertThat(Http.token(port, token).get("/api/admin/tips/" + tip.getId()).status()).isEqualTo(200);
    }

    @Test
    void aStrangersWrongPasswordsDoNotLockTheAdministratorOut() {
        // The only administrator of a province's deployment, and someone guessing its password.
        String admin = fx.admin();
        Http stranger = Http.basic(port, admin, "not the password").from("203.0.113.7");
        for (int i = 0; i < 20; i++) {
            assertThat(stranger.get("/api/admin/me").status()).isIn(401, 429);
        }
        // The stranger's address is refused now, even with the right password, before any check...
        assertThat(as(admin).from("203.0.113.7").get("/api/admin/me").status()).isEqualTo(429);
        // ...on every path that reads HTTP Basic, not only the officer API (metrics: a way around it otherwise).
        assertThat(as(admin).from("203.0.113.7").get("/actuator/prometheus").status()).isEqualTo(429);
        // ...and the administrator, at their own address, signs in as usual: API and page.
        assertThat(as(admin).from("198.51.100.20").get("/api/admin/me").status()).isEqualTo(200);
        assertThat(new PageSession(port, "198.51.100.20").signIn(admin, Fixtures.PASSWORD)).endsWith("/admin");
        assertThat(new PageSession(port, "203.0.113.7").signIn(admin, Fixtures.PASSWORD)).endsWith("?throttled");

        JsonNode audit = as(admin).from("198.51.100.20").get("/api/admin/audit?actor=" + admin + "&size=100").json();
        assertThat(actions(audit)).contains("LOGIN_THROTTLED").doesNotContain("ACCOUNT_LOCKED");
        assertThat(audit.get("items")).filteredOn(e -> e.get("action").asText().equals("LOGIN_FAILED"))
                .allSatisfy(e -> assertThat(e.get("address").asText()).isEqualTo("203.0.113.7"));
    }

    @Test
    void repeatedFailuresRefuseThatAddressUntilAnAdministratorLiftsIt() {
        String officer = fx.officer(fx.unit("a"));
        Http wrong = Http.basic(port, officer, "not the password");
        for (int i = 0; i < 5; i++) {
            assertThat(wrong.get("/api/admin/me").status()).isEqualTo(401);
        }
        // From that address, even the right password is refused now, before it is checked.
        assertThat(as(officer).get("/api/admin/me").status()).isEqualTo(429);

        String admin = fx.admin();
        JsonNode audit = as(admin).get("/api/admin/audit?actor=" + officer + "&size=20").json();
        assertThat(actions(audit)).contains("LOGIN_THROTTLED");
        assertThat(actions(audit).stream().filter("LOGIN_FAILED"::equals)).hasSize(5);
        assertThat(as(admin).get("/api/admin/accounts").json()).filteredOn(a -> a.get("username").asText().equals(officer))
                .singleElement().satisfies(a -> assertThat(a.get("locked").asBoolean()).isTrue());

        assertThat(as(admin).post("/api/admin/accounts/" + officer + "/unlock", Map.of()).status()).isEqualTo(200);
        assertThat(as(officer).get("/api/admin/me").status()).isEqualTo(200);
    }

    @Test
    void aPasswordResetGivesAOneTimePasswordAndRevokesTheOldOne() {
        String officer = fx.officer(fx.unit("a"));
        JsonNode reset = as(fx.admin()).post("/api/admin/accounts/" + officer + "/password-reset", Map.of()).json();
        String oneTime = reset.get("oneTimePassword").asText();
        assertThat(as(officer).get("/api/admin/me").status()).isEqualTo(401);
        assertThat(Http.basic(port, officer, oneTime).get("/api/admin/tips").status()).isEqualTo(403);
    }

    @Test
    void everyViewChangeAndExportIsAuditedWithoutTheTipsText() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Nội dung rất riêng tư XYZZY về đường dây ma túy");
        String officer = fx.officer(unit);
        Http api = as(officer);
        api.get("/api/admin/tips?q=xyzzy");
        api.get("/api/admin/tips/" + tip.getId());
        api.post("/api/admin/tips/" + tip.getId() + "/status", Map.of("status", "IN_REVIEW", "version", tip.getVersion()));
        api.post("/api/admin/tips/" + tip.getId() + "/notes", Map.of("text", "ghi chú XYZZY"));
        api.get("/api/admin/exports/tips.csv");

        String admin = fx.admin();
        Http.Response byTip = as(admin).get("/api/admin/audit?target=" + tip.getCode());
        assertThat(actions(byTip.json())).containsExactly("TIP_NOTE", "TIP_STATUS", "TIP_VIEW");
        JsonNode newest = byTip.json().get("items").get(0);
        assertThat(newest.get("actor").asText()).isEqualTo(officer);
        assertThat(newest.get("at").asText()).isNotBlank();
        assertThat(newest.get("address").asText()).isNotBlank();
        Http.Response byOfficer = as(admin).get("/api/admin/audit?actor=" + officer);
        assertThat(actions(byOfficer.json())).contains("QUEUE_VIEW", "EXPORT_TIPS", "TIP_VIEW", "TIP_STATUS", "TIP_NOTE");
        assertThat(byOfficer.text()).doesNotContainIgnoringCase("xyzzy").doesNotContain(tip.getReporterKey());
        // Reading the audit log is itself audited.
        assertThat(actions(as(admin).get("/api/admin/audit?actor=" + admin).json())).contains("AUDIT_READ");
    }
}
