package vn.tipline.tip;

import org.junit.jupiter.api.Test;
import vn.tipline.account.AccountsForTests;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may reach which endpoint: every tip endpoint answers 404 for a tip outside the caller's
 * scope (another unit's, or an unrouted one for an officer), whatever the method; roles guard
 * the audit log and the accounts; no credentials, wrong credentials: 401.
 */
class TipAccessTest extends OfficerTestBase {

    /** Every tip-scoped endpoint, as a call on a tip id (bodies valid, so only scope can refuse). */
    private static Map<String, Function<Http, Http.Response>> tipEndpoints(String id, long version) {
        Map<String, Function<Http, Http.Response>> calls = new LinkedHashMap<>();
        calls.put("GET tip", api -> api.get("/api/admin/tips/" + id));
        calls.put("POST status", api -> api.post("/api/admin/tips/" + id + "/status",
                Map.of("status", "IN_REVIEW", "version", version)));
        calls.put("PUT assignee", api -> api.put("/api/admin/tips/" + id + "/assignee",
                Map.of("assignee", "me", "version", version)));
        calls.put("PUT tags", api -> api.put("/api/admin/tips/" + id + "/tags",
                Map.of("tags", List.of("x"), "version", version)));
        calls.put("PUT outcome", api -> api.put("/api/admin/tips/" + id + "/outcome",
                Map.of("valuable", true, "outcomes", List.of("ARREST"), "version", version)));
        calls.put("POST note", api -> api.post("/api/admin/tips/" + id + "/notes", Map.of("text", "ghi chú")));
        calls.put("POST question", api -> api.post("/api/admin/tips/" + id + "/questions", Map.of("text", "Ở đâu?")));
        calls.put("GET attachment", api -> api.get("/api/admin/tips/" + id + "/attachments/650000000000000000000001"));
        return calls;
    }

    @Test
    void anotherUnitsTipDoesNotExistForAnOfficer() {
        Tip theirs = fx.tip(fx.unit("a"), fx.province("79"), Topic.DRUGS, "Điểm bán ma túy gần trường học", false,
                List.of("650000000000000000000001"));
        String officerB = fx.officer(fx.unit("b"));
        tipEndpoints(theirs.getId(), theirs.getVersion()).forEach((name, call) -> {
            Http.Response response = call.apply(as(officerB));
            assertThat(response.status()).as(name).isEqualTo(404);
            assertThat(response.contentType()).as(name).startsWith("application/problem+json");
            assertThat(response.text()).as(name).doesNotContain(theirs.getCode());
        });
        // A tip id that exists nowhere gets the very same answer.
        Http.Response missing = as(officerB).get("/api/admin/tips/650000000000000000000099");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail")).isEqualTo(as(officerB).get("/api/admin/tips/" + theirs.getId()).json().get("detail"));
        // Nothing was changed by any of those attempts.
        Tip after = mongo.findById(theirs.getId(), Tip.class);
        assertThat(after.getVersion()).isEqualTo(theirs.getVersion());
        assertThat(after.getTimeline()).isEmpty();
    }

    @Test
    void anotherProvincesTipDoesNotExistForASupervisor() {
        Tip theirs = fx.tip(fx.unit("a"), fx.province("01"), "Cá độ bóng đá qua mạng ở quán nước");
        String supervisor = fx.supervisor(fx.province("79"));
        tipEndpoints(theirs.getId(), theirs.getVersion()).forEach((name, call) ->
                assertThat(call.apply(as(supervisor)).status()).as(name).isEqualTo(404));
        String sameProvince = fx.supervisor(fx.province("01"));
        assertThat(as(sameProvince).get("/api/admin/tips/" + theirs.getId()).status()).isEqualTo(200);
    }

    @Test
    void unroutedTipsAreForSupervisorsAndAdminsOnly() {
        Tip unrouted = fx.tip(null, null, "Tin gửi qua web chưa xác định được phường");
        String officer = fx.officer(fx.unit("a"));
        tipEndpoints(unrouted.getId(), unrouted.getVersion()).forEach((name, call) ->
                assertThat(call.apply(as(officer)).status()).as(name).isEqualTo(404));
        assertThat(as(fx.supervisor(fx.province("48"))).get("/api/admin/tips/" + unrouted.getId()).status()).isEqualTo(200);
        assertThat(as(fx.admin()).get("/api/admin/tips/" + unrouted.getId()).status()).isEqualTo(200);
    }

    @Test
    void ownUnitsTipIsReachableOnEveryEndpoint() {
        Tip mine = fx.tip(fx.unit("a"), null, "Buôn bán pháo nổ trái phép tại chợ đêm");
        String officer = fx.officer(fx.unit("a"));
        Http.Response tip = as(officer).get("/api/admin/tips/" + mine.getId());
        assertThat(tip.status()).isEqualTo(200);
        assertThat(tip.json().get("code").asText()).isEqualTo(mine.getCode());
        assertThat(as(officer).post("/api/admin/tips/" + mine.getId() + "/notes", Map.of("text", "đã xem")).status())
                .isEqualTo(201);
    }

    @Test
    void auditAndAccountsAreForAdminsOnly() {
        String officer = fx.officer(fx.unit("a"));
        String supervisor = fx.supervisor(fx.province("79"));
        String admin = fx.admin();
        for (String path : List.of("/api/admin/audit", "/api/admin/accounts")) {
            for (String who : List.of(officer, supervisor)) {
                Http.Response denied = as(who).get(path);
                assertThat(denied.status()).as(path + " as " + who).isEqualTo(403);
                assertThat(denied.contentType()).startsWith("application/problem+json");
            }
            assertThat(as(admin).get(path).status()).as(path + " as admin").isEqualTo(200);
        }
        assertThat(as(officer).post("/api/admin/accounts", Map.of("username", "sneaky", "role", "ADMIN")).status())
                .isEqualTo(403);
        assertThat(new AccountsForTests(accounts).exists("sneaky")).isFalse();
    }

    @Test
    void withoutValidCredentialsTheApiAnswers401() {
        String officer = fx.officer(fx.unit("a"));
        for (Http api : List.of(anonymous(), Http.basic(port, officer, "wrong password"),
                Http.basic(port, "nobody-" + fx.prefix, Fixtures.PASSWORD), Http.token(port, "tlk_forged"))) {
            Http.Response response = api.get("/api/admin/tips");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        new AccountsForTests(accounts).unlock(officer);
    }

    @Test
    void aPersonalTokenWorksUntilRevoked() {
        String officer = fx.officer(fx.unit("a"));
        Http.Response created = as(officer).post("/api/admin/me/tokens", Map.of("label", "script"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asText();
        assertThat(token).startsWith("tlk_");

        Http viaToken = Http.token(port, token);
        assertThat(viaToken.get("/api/admin/me").json().get("username").asText()).isEqualTo(officer);
        Http.Response listed = as(officer).get("/api/admin/me/tokens");
        assertThat(listed.text()).contains("script").doesNotContain(token);

        assertThat(as(officer).delete("/api/admin/me/tokens/" + created.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(viaToken.get("/api/admin/me").status()).isEqualTo(401);
        Http.Response again = as(officer).delete("/api/admin/me/tokens/" + created.json().get("id").asText());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aDisabledAccountIsShutOutAtOnce() {
        String officer = fx.officer(fx.unit("a"));
        String token = fx.token(officer);
        assertThat(Http.token(port, token).get("/api/admin/tips").status()).isEqualTo(200);
        new AccountsForTests(accounts).disable(officer);
        assertThat(Http.token(port, token).get("/api/admin/tips").status()).isEqualTo(401);
        assertThat(as(officer).get("/api/admin/tips").status()).isEqualTo(401);
    }
}
