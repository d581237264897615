package vn.tipline.console;

import org.junit.jupiter.api.Test;
import vn.tipline.account.AccountService;
import vn.tipline.account.AccountsForTests;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Role;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.tip.Tip;
import vn.tipline.tip.Topic;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The officers' page over HTTP: sign-in, CSRF, headers, escaping, and the public paths beside it. */
class OfficerPagesTest extends OfficerTestBase {

    static final String XSS = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

    @Test
    void thePageNeedsASignInThroughTheFormWithACsrfToken() {
        PageSession session = new PageSession(port);
        HttpResponse<String> queue = session.get("/admin");
        assertThat(queue.statusCode()).isEqualTo(302);
        assertThat(queue.headers().firstValue("Location").orElse("")).endsWith("/admin/login");

        HttpResponse<String> login = session.get("/admin/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"_csrf\"", "Đăng nhập");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");

        String officer = fx.officer(fx.unit("a"));
        HttpResponse<String> forged = session.post("/admin/login", Map.of("username", officer, "password", Fixtures.PASSWORD), false);
        assertThat(forged.statusCode()).isEqualTo(403);

        assertThat(session.signIn(officer, "wrong")).endsWith("/admin/login?error");
        assertThat(session.signIn(officer, Fixtures.PASSWORD)).matches(".*/admin(\\?continue)?");
        assertThat(session.get("/admin").statusCode()).isEqualTo(200);
        assertThat(new AccountsForTests(accounts).lastLoginAt(officer)).isNotNull();
        assertThat(mongo.getCollection(AuditLog.COLLECTION).countDocuments(new org.bson.Document("actor", officer)
                .append("action", "LOGIN"))).isEqualTo(1);

        // A change without the token is refused even when signed in.
        Tip tip = fx.tip(fx.unit("a"), null, "Tin để thử CSRF");
        HttpResponse<String> noToken = session.post("/admin/tips/" + tip.getId() + "/notes", Map.of("text", "x"), false);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(mongo.findById(tip.getId(), Tip.class).getTimeline()).isEmpty();
    }

    @Test
    void hostileTipContentIsEscapedEverywhereOnThePage() {
        String unit = fx.unit("x");
        Tip tip = tipService.file(new vn.tipline.tip.TipService.NewTip(fx.prefix + ":xss", Topic.OTHER, XSS,
                new Tip.Place(XSS, null, null), XSS, List.of(), false, XSS, "reporter-xss", true, "web", "vi"));
        fx.route(tip, unit, null);
        String officer = fx.officer(unit);
        as(officer).post("/api/admin/tips/" + tip.getId() + "/notes", Map.of("text", XSS));

        PageSession session = new PageSession(port);
        session.signIn(officer, Fixtures.PASSWORD);
        for (String path : List.of("/admin", "/admin/tips/" + tip.getId())) {
            String html = session.get(path).body();
            assertThat(html).as(path).contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;");
            assertThat(html).as(path).doesNotContain("<script").doesNotContain("<img src=x").doesNotContain("onerror=\"");
        }
    }

    @Test
    void aMalformedFormPostGetsTheConsolesErrorPageNotJsonOrATrace() {
        String unit = fx.unit("err");
        Tip tip = fx.tip(unit, null, "Tin để thử trang lỗi");
        String officer = fx.officer(unit);
        PageSession session = new PageSession(port);
        session.signIn(officer, Fixtures.PASSWORD);
        session.get("/admin/tips/" + tip.getId());

        HttpResponse<String> bad = session.post("/admin/tips/" + tip.getId() + "/assign",
                Map.of("assignee", "me", "version", "không phải số"), true);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(bad.body()).contains("Yêu cầu bị từ chối", "Mã lỗi 400")
                .doesNotContain("Exception", "at org.", "\"status\"");
    }

    @Test
    void aOneTimePasswordLeadsToThePasswordFormFirst() {
        String username = fx.prefix + ".otp";
        String oneTime = accounts.create("test", username, new AccountService.Profile(null, Role.OFFICER,
                List.of(fx.unit("a")), null, true));
        PageSession session = new PageSession(port);
        session.signIn(username, oneTime);
        HttpResponse<String> queue = session.get("/admin");
        assertThat(queue.statusCode()).isEqualTo(302);
        assertThat(queue.headers().firstValue("Location").orElse("")).endsWith("/admin/password");
        HttpResponse<String> form = session.get("/admin/password");
        assertThat(form.body()).contains("mật khẩu một lần");
        HttpResponse<String> changed = session.post("/admin/password", Map.of("currentPassword", oneTime,
                "newPassword", "mật khẩu riêng của tôi", "repeatPassword", "mật khẩu riêng của tôi"), true);
        assertThat(changed.headers().firstValue("Location").orElse("")).endsWith("/admin");
        assertThat(session.get("/admin").statusCode()).isEqualTo(200);
    }

    @Test
    void theLanguageSwitchesToEnglishAndStays() {
        String officer = fx.officer(fx.unit("a"));
        PageSession session = new PageSession(port);
        session.signIn(officer, Fixtures.PASSWORD);
        assertThat(session.get("/admin").body()).contains("Tin báo cần xử lý", "lang=\"vi\"");
        assertThat(session.get("/admin?lang=en").body()).contains("Tips to work on", "lang=\"en\"");
        assertThat(session.get("/admin/stats").body()).contains("Tip statistics");
        assertThat(session.get("/admin?lang=fr").body()).contains("Tips to work on");
    }

    /** Issue 21: the timeline said "valuable: ARREST" in both languages; the outcome is now in words. */
    @Test
    void theTimelineSaysTheOutcomeInWordsInBothLanguages() {
        String unit = fx.unit("o");
        String officer = fx.officer(unit);
        Tip tip = fx.tip(unit, null, "Có người bán ma túy ở bãi xe");
        assertThat(as(officer).put("/api/admin/tips/" + tip.getId() + "/outcome", Map.of("valuable", true,
                "outcomes", List.of("ARREST", "SEIZURE"), "version", tip.getVersion())).status()).isEqualTo(200);
        PageSession session = new PageSession(port);
        session.signIn(officer, Fixtures.PASSWORD);
        String vi = session.get("/admin/tips/" + tip.getId()).body();
        String timeline = vi.substring(vi.indexOf("id=\"timeline\""));
        assertThat(timeline).contains("Tin có giá trị: Bắt giữ, Thu giữ tang vật").doesNotContain("valuable", "ARREST");
        String en = session.get("/admin/tips/" + tip.getId() + "?lang=en").body();
        assertThat(en.substring(en.indexOf("id=\"timeline\""))).contains("Valuable tip: Arrest, Seizure")
                .doesNotContain("valuable:", "ARREST", "SEIZURE");
    }

    @Test
    void theQueueFormFiltersAndIgnoresWhatItCannotRead() {
        String unit = fx.unit("f");
        Tip fraud = fx.tip(unit, null, Topic.FRAUD, "Giả danh nhân viên điện lực đòi tiền", true, List.of());
        Tip drugs = fx.tip(unit, null, Topic.DRUGS, "Mua bán ma túy ở bãi xe", false, List.of());
        PageSession session = new PageSession(port);
        session.signIn(fx.officer(unit), Fixtures.PASSWORD);
        String filtered = session.get("/admin?topic=FRAUD&urgent=on").body();
        assertThat(filtered).contains(fraud.getCode()).doesNotContain(drugs.getCode());
        String searched = session.get("/admin?q=bai+xe").body();
        assertThat(searched).contains(drugs.getCode()).doesNotContain(fraud.getCode());
        HttpResponse<String> nonsense = session.get("/admin?topic=NOPE&from=yesterday&sort=x&page=-3");
        assertThat(nonsense.statusCode()).isEqualTo(200);
        assertThat(nonsense.body()).contains(fraud.getCode(), drugs.getCode());
        HttpResponse<String> csv = session.get("/admin/export.csv?topic=DRUGS");
        assertThat(csv.body()).startsWith("\uFEFFcode,").contains(drugs.getCode()).doesNotContain(fraud.getCode());
    }

    @Test
    void onThePageTheSecondOfTwoConcurrentEditsIsRefusedAndSaysSo() {
        String unit = fx.unit("c");
        Tip tip = fx.tip(unit, null, "Hai cán bộ cùng mở một tin");
        PageSession first = new PageSession(port);
        first.signIn(fx.officer(unit), Fixtures.PASSWORD);
        PageSession second = new PageSession(port);
        second.signIn(fx.officer(unit), Fixtures.PASSWORD);
        java.util.regex.Pattern version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"");
        java.util.regex.Matcher firstSaw = version.matcher(first.get("/admin/tips/" + tip.getId()).body());
        java.util.regex.Matcher secondSaw = version.matcher(second.get("/admin/tips/" + tip.getId()).body());
        assertThat(firstSaw.find() && secondSaw.find()).isTrue();

        first.post("/admin/tips/" + tip.getId() + "/status", Map.of("status", "IN_REVIEW", "version", firstSaw.group(1)), true);
        HttpResponse<String> late = second.post("/admin/tips/" + tip.getId() + "/tags",
                Map.of("tags", "muộn", "version", secondSaw.group(1)), true);
        assertThat(late.headers().firstValue("Location").orElse("")).endsWith("/admin/tips/" + tip.getId());
        assertThat(second.get("/admin/tips/" + tip.getId()).body()).contains("vừa được người khác thay đổi");
        Tip stored = mongo.findById(tip.getId(), Tip.class);
        assertThat(stored.getStatus()).isEqualTo(vn.tipline.tip.TipStatus.IN_REVIEW);
        assertThat(stored.getTags()).isEmpty();
    }

    @Test
    void theQueuePageIsPaged() {
        String unit = fx.unit("g");
        for (int i = 0; i < 26; i++) {
            fx.tip(unit, null, "Tin số " + i + " về mua bán hàng giả");
        }
        PageSession session = new PageSession(port);
        session.signIn(fx.officer(unit), Fixtures.PASSWORD);
        String first = session.get("/admin").body();
        assertThat(first).contains("Trang 1/2", "rel=\"next\"", "26 tin báo").doesNotContain("rel=\"prev\"");
        String second = session.get("/admin?page=1").body();
        assertThat(second).contains("Trang 2/2", "rel=\"prev\"", "Tin số 25").doesNotContain("rel=\"next\"");
    }

    @Test
    void anotherUnitsTipIsNotFoundOnThePageEither() {
        Tip theirs = fx.tip(fx.unit("a"), null, "Không phải tin của bạn");
        PageSession session = new PageSession(port);
        session.signIn(fx.officer(fx.unit("b")), Fixtures.PASSWORD);
        HttpResponse<String> page = session.get("/admin/tips/" + theirs.getId());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).doesNotContain(theirs.getCode()).doesNotContain("Không phải tin của bạn");
        assertThat(session.get("/admin/tips/" + theirs.getId() + "/attachments/650000000000000000000001").statusCode())
                .isEqualTo(404);
    }

    @Test
    void statisticsPageDrawsTheChartAndLinksTheCsv() {
        String unit = fx.unit("a");
        fx.tip(unit, null, "Một tin cho biểu đồ");
        PageSession session = new PageSession(port);
        session.signIn(fx.officer(unit), Fixtures.PASSWORD);
        String html = session.get("/admin/stats?granularity=MONTH").body();
        assertThat(html).contains("<svg", "class=\"received\"", "/admin/stats.csv", "1 tin nhận được");
        HttpResponse<String> csv = session.get("/admin/stats.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("\uFEFFperiod,received,valuable");
    }

    @Test
    void publicPathsStayPublicAndEverythingElseNeedsAnAccount() {
        Http nobody = anonymous();
        assertThat(nobody.get("/chat").status()).isEqualTo(200);
        assertThat(nobody.get("/chat/chat.js").status()).isEqualTo(200);
        assertThat(nobody.get("/console/officer.css").status()).isEqualTo(200);
        assertThat(nobody.get("/actuator/health").status()).isEqualTo(200);
        Http.Response docs = nobody.get("/api/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.text()).contains("/api/admin/tips/{id}/status", "/api/chat/sessions").doesNotContain("\"officer\"")
                .doesNotContain("\"/admin/");
        assertThat(nobody.get("/api/docs/ui").status()).isEqualTo(302);
        assertThat(nobody.get("/api/docs/swagger-ui/index.html").status()).isEqualTo(200);
        // The citizens' API takes POSTs without any CSRF token or account.
        assertThat(nobody.post("/api/chat/sessions", "").status()).isEqualTo(201);
        assertThat(nobody.get("/actuator/env").status()).isEqualTo(401);
        assertThat(nobody.get("/api/admin/me").status()).isEqualTo(401);
    }
}
