package vn.tipline.account;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.support.RawHttp;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accounts page: an administrator creates, resets, unlocks, deactivates and reactivates
 * accounts, each audited; everyone else is refused (403 page, 403 problem on the API), and a
 * forged name, a missing CSRF token or a huge body change nothing.
 */
class AccountPageTest extends OfficerTestBase {

    private static final Pattern ONE_TIME = Pattern.compile("class=\"secret\">([A-Za-z0-9]{4}(?:-[A-Za-z0-9]{4}){3})<");

    private PageSession signedIn(String username) {
        PageSession page = new PageSession(port);
        page.signIn(username, Fixtures.PASSWORD);
        page.get("/admin/accounts");
        return page;
    }

    private static String oneTimePassword(HttpResponse<String> answer) {
        Matcher m = ONE_TIME.matcher(answer.body());
        assertThat(m.find()).as(answer.body()).isTrue();
        return m.group(1);
    }

    private List<String> audited(String admin, String target) {
        List<String> actions = new ArrayList<>();
        as(admin).get("/api/admin/audit?target=" + target + "&size=50").json().get("items")
                .forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }

    @Test
    void anAdministratorCreatesAnOfficerForAWardPickedByNameAndHandsOverAOneTimePassword() {
        String admin = fx.admin();
        PageSession page = signedIn(admin);
        String username = fx.prefix + ".ward";
        HttpResponse<String> created = page.post("/admin/accounts", Map.of("username", username,
                "displayName", "Trung úy Lê Văn B", "role", "OFFICER", "units", "CAX-26740"), true);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("Đã tạo tài khoản.", "Công an phường Sài Gòn (TP Hồ Chí Minh)", ">CAX-26740<");
        String oneTime = oneTimePassword(created);
        assertThat(new PageSession(port).signIn(username, oneTime)).endsWith("/admin");
        assertThat(audited(admin, username)).contains("ACCOUNT_CREATE");

        HttpResponse<String> supervisor = page.post("/admin/accounts", Map.of("username", fx.prefix + ".hcm",
                "role", "SUPERVISOR", "province", "79", "units", "CAX-26740"), true);
        assertThat(supervisor.statusCode()).isEqualTo(201);
        JsonNode account = as(admin).get("/api/admin/accounts").json().findParents("username").stream()
                .filter(a -> a.get("username").asText().equals(fx.prefix + ".hcm")).findFirst().orElseThrow();
        assertThat(account.get("province").asText()).isEqualTo("79");
        assertThat(account.get("units")).isEmpty();
    }

    @Test
    void aRefusedAccountComesBackWithWhatWasTyped() {
        PageSession page = signedIn(fx.admin());
        HttpResponse<String> refused = page.post("/admin/accounts", Map.of("username", fx.prefix + ".nounit",
                "displayName", "Thiếu tá Trần Thị C", "role", "OFFICER"), true);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Tài khoản cán bộ cần ít nhất một đơn vị.", "value=\"" + fx.prefix + ".nounit\"",
                "value=\"Thiếu tá Trần Thị C\"");
        HttpResponse<String> province = page.post("/admin/accounts", Map.of("username", fx.prefix + ".noprov",
                "role", "SUPERVISOR", "units", "CAX-26740"), true);
        assertThat(province.statusCode()).isEqualTo(422);
        assertThat(province.body()).contains("Tài khoản chỉ huy tỉnh cần mã tỉnh.");
        assertThat(province.body()).containsPattern("value=\"SUPERVISOR\"[^>]*selected");
    }

    @Test
    void resetUnlockDeactivateAndReactivateAreAudited() {
        String admin = fx.admin();
        String officer = fx.officer(fx.unit("a"));
        PageSession stranger = new PageSession(port, "203.0.113.44");
        for (int i = 0; i < 6; i++) {
            stranger.signIn(officer, "not the password");
        }
        assertThat(new PageSession(port, "203.0.113.44").signIn(officer, Fixtures.PASSWORD)).endsWith("?throttled");
        PageSession page = signedIn(admin);
        assertThat(page.get("/admin/accounts").body()).contains("/admin/accounts/" + officer + "/unlock");
        assertThat(page.post("/admin/accounts/" + officer + "/unlock", Map.of(), true).statusCode()).isEqualTo(302);
        assertThat(page.get("/admin/accounts").body()).contains("Đã gỡ chặn")
                .doesNotContain("/admin/accounts/" + officer + "/unlock");
        assertThat(new PageSession(port, "203.0.113.44").signIn(officer, Fixtures.PASSWORD)).endsWith("/admin");

        HttpResponse<String> reset = page.post("/admin/accounts/" + officer + "/password-reset", Map.of(), true);
        assertThat(reset.statusCode()).isEqualTo(200);
        String oneTime = oneTimePassword(reset);
        assertThat(new PageSession(port).signIn(officer, Fixtures.PASSWORD)).endsWith("?error");
        assertThat(new PageSession(port).signIn(officer, oneTime)).endsWith("/admin");

        page.get("/admin/accounts");
        assertThat(page.post("/admin/accounts/" + officer + "/deactivate", Map.of(), true).statusCode()).isEqualTo(302);
        assertThat(new PageSession(port).signIn(officer, oneTime)).endsWith("?error");
        assertThat(page.get("/admin/accounts").body()).contains("/admin/accounts/" + officer + "/reactivate");
        assertThat(page.post("/admin/accounts/" + officer + "/reactivate", Map.of(), true).statusCode()).isEqualTo(302);
        assertThat(new PageSession(port).signIn(officer, oneTime)).endsWith("/admin");
        assertThat(audited(admin, officer)).contains("ACCOUNT_UNLOCK", "PASSWORD_RESET", "ACCOUNT_UPDATE");
    }

    @Test
    void onlyAdministratorsReachThePageOrTheApi() {
        String officer = fx.officer(fx.unit("a"));
        String supervisor = fx.supervisor(fx.province("1"));
        for (String username : List.of(officer, supervisor)) {
            PageSession page = new PageSession(port);
            page.signIn(username, Fixtures.PASSWORD);
            assertThat(page.get("/admin/accounts").statusCode()).isEqualTo(403);
            assertThat(page.get("/admin/campaigns").body()).doesNotContain("nav-accounts");
            page.get("/admin/campaigns");
            assertThat(page.post("/admin/accounts", Map.of("username", fx.prefix + ".sneaky", "role", "ADMIN"), true)
                    .statusCode()).isEqualTo(403);
            assertThat(page.post("/admin/accounts/" + officer + "/password-reset", Map.of(), true).statusCode()).isEqualTo(403);
            Http.Response api = as(username).get("/api/admin/accounts");
            assertThat(api.status()).isEqualTo(403);
            assertThat(api.contentType()).contains("application/problem+json");
        }
        assertThat(accounts.enabledOfficer(fx.prefix + ".sneaky")).isEmpty();
        assertThat(new PageSession(port).get("/admin/accounts").headers().firstValue("Location").orElse(""))
                .endsWith("/admin/login");
        assertThat(anonymous().get("/api/admin/accounts").status()).isEqualTo(401);
        assertThat(signedIn(fx.admin()).get("/admin/accounts").body()).contains("id=\"nav-accounts\"");
    }

    @Test
    void aForgedNameAMissingTokenOrAHugeBodyChangeNothing() throws IOException {
        String admin = fx.admin();
        PageSession page = signedIn(admin);
        HttpResponse<String> forged = page.post("/admin/accounts/nobody-" + fx.prefix + "/password-reset", Map.of(), true);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("Không có tài khoản này.").doesNotContain("class=\"secret\"");
        assertThat(page.post("/admin/accounts/nobody-" + fx.prefix + "/deactivate", Map.of(), true).statusCode())
                .isEqualTo(404);
        assertThat(page.post("/admin/accounts/%2e%2e%2f" + admin + "/deactivate", Map.of(), true).statusCode())
                .isIn(400, 404);
        assertThat(accounts.enabledOfficer(admin)).isPresent();
        assertThat(page.post("/admin/accounts", Map.of("username", fx.prefix + ".nocsrf", "role", "ADMIN"), false)
                .statusCode()).isEqualTo(403);
        assertThat(accounts.enabledOfficer(fx.prefix + ".nocsrf")).isEmpty();

        long size = 25L * 1024 * 1024;
        RawHttp.Answer huge = new RawHttp(port).send("POST /admin/accounts HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: " + size
                + "\r\nConnection: close", out -> {
                    byte[] filler = new byte[64 * 1024];
                    Arrays.fill(filler, (byte) 'a');
                    for (long sent = 0; sent < size; sent += filler.length) {
                        out.write(filler);
                    }
                });
        assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
    }
}
