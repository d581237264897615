package vn.tipline.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.account.AuditLog;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.tip.TimelineEntry;
import vn.tipline.tip.Tip;
import vn.tipline.tip.Topic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What issue 21 asked of the console, over HTTP against the real store: units by name (with the
 * code beside it) on every page and in the CSV, time limits (due date, flags, sort, extension,
 * timeliness), a failed sign-in that keeps the user name, a friendly 404 for a mistyped address
 * while the API still answers 401, and an OpenAPI description with distinct schemas and 201s.
 */
class ConsoleNamesAndDeadlinesTest extends OfficerTestBase {

    static final String UNIT = "CAX-26740";
    static final String UNIT_NAME = "Công an phường Sài Gòn (TP Hồ Chí Minh)";
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private PageSession signedIn(String officer) {
        PageSession session = new PageSession(port);
        session.signIn(officer, Fixtures.PASSWORD);
        return session;
    }

    @Test
    void unitsAreShownByNameWithTheirCodeInTheQueueTipStatisticsAndCsv() {
        Tip tip = fx.tip(UNIT, "79", Topic.DRUGS, "Bán ma túy ở hẻm " + fx.prefix, false, List.of());
        PageSession session = signedIn(fx.officer(UNIT));

        assertThat(session.get("/admin?q=" + fx.prefix).body()).contains(UNIT_NAME);
        String page = session.get("/admin/tips/" + tip.getId()).body();
        assertThat(page).contains(UNIT_NAME, "mã " + UNIT);
        String stats = session.get("/admin/stats").body();
        assertThat(stats.substring(stats.indexOf("id=\"by-unit\""))).contains(UNIT_NAME, UNIT);

        String csv = session.get("/admin/export.csv?q=" + fx.prefix).body();
        List<String> header = List.of(csv.lines().findFirst().orElseThrow().replace("\uFEFF", "").split(","));
        assertThat(header.get(header.indexOf("unit") + 1)).isEqualTo("unit_name");
        assertThat(csv).contains(UNIT + "," + UNIT_NAME);
    }

    @Test
    void eachTipIsDueTwentyDaysAfterReceiptAndTheQueueFlagsAndSortsByTimeLeft() {
        String unit = fx.unit("due");
        Tip overdue = fx.tip(unit, null, "Quá hạn " + fx.prefix);
        Tip near = fx.tip(unit, null, "Sắp đến hạn " + fx.prefix);
        Tip fresh = fx.tip(unit, null, "Còn nhiều thời gian " + fx.prefix);
        assertThat(Duration.between(fresh.getCreatedAt(), fresh.getDueAt())).isEqualTo(Duration.ofDays(20));
        // Days are counted in Vietnam's calendar: at noon there, so that the hour the test runs at (near
        // midnight in Vietnam, 17:00 UTC) cannot move a due date to the next day.
        LocalDate today = LocalDate.now(VIETNAM);
        fx.setDueAt(overdue, today.minusDays(3).atTime(12, 0).atZone(VIETNAM).toInstant());
        fx.setDueAt(near, today.plusDays(2).atTime(12, 0).atZone(VIETNAM).toInstant());
        PageSession session = signedIn(fx.officer(unit));

        String queue = session.get("/admin?sort=DUE_SOONEST&lang=vi").body();
        assertThat(queue).contains("Quá hạn 3 ngày", "class=\"due overdue\"", "class=\"due near_due\"", "Còn 20 ngày");
        assertThat(queue.indexOf(overdue.getCode())).isLessThan(queue.indexOf(near.getCode()));
        assertThat(queue.indexOf(near.getCode())).isLessThan(queue.indexOf(fresh.getCode()));
        assertThat(session.get("/admin?sort=DUE_SOONEST&lang=en").body()).contains("Overdue by 3 days", "20 days left");
        session.get("/admin?lang=vi");
    }

    @Test
    void anExtensionNeedsAReasonStaysWithinTwoMonthsAndIsInTheTimelineAndAuditLog() {
        String unit = fx.unit("ext");
        Tip tip = fx.tip(unit, null, "Cần gia hạn " + fx.prefix);
        String officer = fx.officer(unit);
        PageSession session = signedIn(officer);
        session.get("/admin/tips/" + tip.getId());
        LocalDate received = LocalDate.ofInstant(tip.getCreatedAt(), VIETNAM);
        String version = String.valueOf(mongo.findById(tip.getId(), Tip.class).getVersion());

        // Past two months: refused, and what was typed comes back.
        HttpResponse<String> tooLate = session.post("/admin/tips/" + tip.getId() + "/deadline", Map.of("until",
                received.plusMonths(2).plusDays(1).toString(), "reason", "Chờ giám định", "version", version), true);
        assertThat(tooLate.statusCode()).isEqualTo(302);
        String again = session.get("/admin/tips/" + tip.getId()).body();
        assertThat(again.substring(again.indexOf("flash-area"), again.indexOf("flash-area") + 300))
                .contains("Không thể gia hạn quá hai tháng");
        assertThat(again).contains(">Chờ giám định</textarea>");
        assertThat(mongo.findById(tip.getId(), Tip.class).getDueAt()).isEqualTo(tip.getDueAt());

        LocalDate until = received.plusDays(45);
        session.post("/admin/tips/" + tip.getId() + "/deadline", Map.of("until", until.toString(),
                "reason", "Chờ kết quả giám định", "version", version), true);
        Tip extended = mongo.findById(tip.getId(), Tip.class);
        assertThat(extended.getDueAt()).isEqualTo(until.plusDays(1).atStartOfDay(VIETNAM).toInstant().minusSeconds(1));
        TimelineEntry entry = extended.getTimeline().get(extended.getTimeline().size() - 1);
        assertThat(entry.kind()).isEqualTo(TimelineEntry.Kind.DEADLINE);
        assertThat(entry.text()).isEqualTo("Chờ kết quả giám định");
        String page = session.get("/admin/tips/" + tip.getId()).body();
        assertThat(page).contains("Gia hạn giải quyết đến " + String.format("%02d/%02d/%d", until.getDayOfMonth(),
                until.getMonthValue(), until.getYear()), "Chờ kết quả giám định");
        assertThat(mongo.getCollection(AuditLog.COLLECTION).countDocuments(new org.bson.Document("actor", officer)
                .append("action", AuditLog.Action.TIP_DEADLINE.name()).append("target", tip.getCode()))).isEqualTo(1);
    }

    @Test
    void statisticsReportTheShareDecidedWithinTheLimit() {
        String unit = fx.unit("tl");
        Tip inTime = fx.tip(unit, null, "Giải quyết đúng hạn");
        Tip late = fx.tip(unit, null, "Giải quyết trễ");
        Tip openOverdue = fx.tip(unit, null, "Chưa giải quyết, quá hạn");
        fx.tip(unit, null, "Chưa đến hạn");
        String officer = fx.officer(unit);
        Http api = as(officer);
        close(api, inTime);
        fx.setDueAt(late, Instant.now().minus(Duration.ofDays(1)));
        close(api, late);
        fx.setDueAt(openOverdue, Instant.now().minus(Duration.ofDays(1)));

        String stats = signedIn(officer).get("/admin/stats").body();
        assertThat(stats).contains("Giải quyết đúng hạn", "33% (1 trên 3 tin đã đến hạn; 1 giải quyết trễ, 1 chưa giải quyết đã quá hạn)");
    }

    private static void close(Http api, Tip tip) {
        long version = api.get("/api/admin/tips/" + tip.getId()).json().get("version").asLong();
        version = api.post("/api/admin/tips/" + tip.getId() + "/status", Map.of("status", "IN_REVIEW", "version", version))
                .json().get("version").asLong();
        assertThat(api.post("/api/admin/tips/" + tip.getId() + "/status", Map.of("status", "CLOSED", "version", version))
                .status()).isEqualTo(200);
    }

    @Test
    void aFailedSignInKeepsTheUserNameTyped() {
        String officer = fx.officer(fx.unit("login"));
        PageSession session = new PageSession(port);
        assertThat(session.signIn(officer, "not the password")).endsWith("/admin/login?error");
        String page = session.get("/admin/login?error").body();
        assertThat(page).contains("value=\"" + officer + "\"");
        // Once: a fresh visit starts empty.
        assertThat(session.get("/admin/login").body()).doesNotContain(officer);
    }

    @Test
    void aMistypedAddressIsAFriendly404InTheBrowsersLanguageWhileTheApiStillAsksForAnAccount() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/Chat", "/Admin", "/foo")) {
            HttpResponse<String> vi = client.send(page(path, "vi-VN,vi;q=0.9"), HttpResponse.BodyHandlers.ofString());
            assertThat(vi.statusCode()).as(path).isEqualTo(404);
            assertThat(vi.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(vi.body()).contains("Không tìm thấy", "href=\"/chat\"").doesNotContain("HTTP Basic");
            HttpResponse<String> en = client.send(page(path, "en-GB,en;q=0.8"), HttpResponse.BodyHandlers.ofString());
            assertThat(en.body()).as(path).contains("Not found", "lang=\"en\"");
            assertThat(en.headers().firstValue("WWW-Authenticate")).isEmpty();

            HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(404);
            assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.body()).doesNotContain("HTTP Basic");
        }
        assertThat(anonymous().get("/api/admin/tips").status()).isEqualTo(401);
        assertThat(anonymous().get("/api/admin/nothing-here").status()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
    }

    private HttpRequest page(String path, String language) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").header("Accept-Language", language).GET().build();
    }

    @Test
    void theOpenApiDescriptionHasDistinctSchemasAndDocumentsTheCreatedAnswers() {
        JsonNode docs = anonymous().get("/api/docs").json();
        String tips = schemaOf(docs.at("/paths/~1api~1admin~1tips/get/responses/200/content"));
        String units = schemaOf(docs.at("/paths/~1api~1admin~1units~1summary/get/responses/200/content"));
        JsonNode schemas = docs.at("/components/schemas");
        JsonNode page = schemas.get(tips);
        String item = schemaRef(page.at("/properties/items/items/$ref").asText());
        assertThat(schemas.get(item).at("/properties").has("excerpt")).as(item).isTrue();
        assertThat(schemas.get(units).at("/properties").has("gazetteerVersion")).as(units).isTrue();
        assertThat(item).isNotEqualTo(units);

        Map<String, String> created = new LinkedHashMap<>();
        created.put("/api/admin/tips/{id}/questions", "post");
        created.put("/api/admin/tips/{id}/notes", "post");
        created.put("/api/admin/accounts", "post");
        created.put("/api/admin/me/tokens", "post");
        created.put("/api/chat/sessions", "post");
        created.forEach((path, method) -> {
            JsonNode responses = docs.get("paths").get(path).get(method).get("responses");
            assertThat(responses.has("201")).as(path + " " + responses).isTrue();
            assertThat(responses.has("200")).as(path).isFalse();
        });
    }

    private static String schemaOf(JsonNode content) {
        return schemaRef(content.elements().next().at("/schema/$ref").asText());
    }

    private static String schemaRef(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
