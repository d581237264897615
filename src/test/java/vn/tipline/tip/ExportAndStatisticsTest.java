package vn.tipline.tip;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.account.AuditLog;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV exports (UTF-8 with BOM, Excel-safe) and the statistics, over the caller's scope only. */
class ExportAndStatisticsTest extends OfficerTestBase {

    /** RFC 4180 reading, enough to check what Excel would show. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    @Test
    void tipsExportIsUtf8WithBomAndHostileCellsAreDefused() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, fx.province("79"), Topic.FRAUD,
                "=HYPERLINK(\"http://evil\",\"Bấm\"), lừa \"đảo\"\nqua điện thoại", true, List.of());
        Tip other = fx.tip(fx.unit("b"), null, "Không thuộc đơn vị này");
        String officer = fx.officer(unit);

        Http.Response csv = as(officer).get("/api/admin/exports/tips.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv").containsIgnoringCase("charset=UTF-8");
        assertThat(Arrays.copyOf(csv.bytes(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String body = new String(csv.bytes(), 3, csv.bytes().length - 3, StandardCharsets.UTF_8);
        List<List<String>> rows = parse(body);
        assertThat(rows.get(0)).containsExactlyElementsOf(Exports.TIP_COLUMNS);
        assertThat(rows).hasSize(2);
        List<String> row = rows.get(1);
        assertThat(row.get(0)).isEqualTo(tip.getCode());
        assertThat(row.get(3)).isEqualTo("FRAUD");
        assertThat(row.get(5)).isEqualTo("true");
        assertThat(row.get(6)).isEqualTo(unit);
        assertThat(row.get(19)).isEqualTo("'=HYPERLINK(\"http://evil\",\"Bấm\"), lừa \"đảo\"\nqua điện thoại");
        assertThat(body).doesNotContain(other.getCode()).doesNotContain(tip.getReporterKey());
    }

    @Test
    void exportsFollowTheFiltersAndAreAudited() {
        String unit = fx.unit("a");
        Tip drugs = fx.tip(unit, null, Topic.DRUGS, "Ma túy ở khu trọ công nhân", false, List.of());
        fx.tip(unit, null, Topic.TRAFFIC, "Xe quá tải chạy ban đêm", false, List.of());
        String officer = fx.officer(unit);
        List<List<String>> rows = parse(as(officer).get("/api/admin/exports/tips.csv?topic=DRUGS").text().substring(1));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0)).isEqualTo(drugs.getCode());

        List<AuditLog.Entry> audit = mongo.find(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("actor").is(officer)
                        .and("action").is(AuditLog.Action.EXPORT_TIPS)), AuditLog.Entry.class);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).detail()).contains("1 tips", "DRUGS");
    }

    @Test
    void statisticsCountByTopicStatusUnitOutcomeAndPeriod() {
        String a = fx.unit("a");
        String b = fx.unit("b");
        Tip jan1 = fx.tip(a, null, Topic.DRUGS, "Tháng một, ma túy", false, List.of());
        Tip jan2 = fx.tip(b, null, Topic.FRAUD, "Tháng một, lừa đảo", false, List.of());
        Tip mar = fx.tip(a, null, Topic.DRUGS, "Tháng ba, ma túy", false, List.of());
        Tip outOfRange = fx.tip(a, null, Topic.DRUGS, "Tháng năm", false, List.of());
        fx.setCreatedAt(jan1, Instant.parse("2025-01-05T03:00:00Z"));
        fx.setCreatedAt(jan2, Instant.parse("2025-01-31T18:00:00Z")); // 1 February in Vietnam
        fx.setCreatedAt(mar, Instant.parse("2025-03-10T03:00:00Z"));
        fx.setCreatedAt(outOfRange, Instant.parse("2025-05-10T03:00:00Z"));
        String officer = fx.officer(a, b);
        Http api = as(officer);
        Tip current = mongo.findById(mar.getId(), Tip.class);
        JsonNode reviewed = api.post("/api/admin/tips/" + mar.getId() + "/status",
                Map.of("status", "IN_REVIEW", "version", current.getVersion())).json();
        api.put("/api/admin/tips/" + mar.getId() + "/outcome", Map.of("valuable", true,
                "outcomes", List.of("CASE_OPENED", "ARREST"), "version", reviewed.get("version").asLong()));

        JsonNode stats = api.get("/api/admin/stats?from=2025-01-01&to=2025-03-31&granularity=MONTH").json();
        assertThat(stats.get("received").asLong()).isEqualTo(3);
        assertThat(stats.get("valuable").asLong()).isEqualTo(1);
        assertThat(stats.get("byTopic").get("DRUGS").asLong()).isEqualTo(2);
        assertThat(stats.get("byTopic").get("FRAUD").asLong()).isEqualTo(1);
        assertThat(stats.get("byTopic").get("GAMBLING").asLong()).isZero();
        assertThat(stats.get("byStatus").get("IN_REVIEW").asLong()).isEqualTo(1);
        assertThat(stats.get("byStatus").get("NEW").asLong()).isEqualTo(2);
        assertThat(stats.get("byUnit").get(a).asLong()).isEqualTo(2);
        assertThat(stats.get("byUnit").get(b).asLong()).isEqualTo(1);
        assertThat(stats.get("byOutcome").get("CASE_OPENED").asLong()).isEqualTo(1);
        JsonNode series = stats.get("series");
        assertThat(series).hasSize(3);
        assertThat(series.get(0).get("period").asText()).isEqualTo("2025-01");
        assertThat(series.get(0).get("received").asLong()).isEqualTo(1);
        assertThat(series.get(1).get("period").asText()).isEqualTo("2025-02");
        assertThat(series.get(1).get("received").asLong()).isEqualTo(1);
        assertThat(series.get(2).get("valuable").asLong()).isEqualTo(1);
        assertThat(series.get(2).get("byOutcome").get("ARREST").asLong()).isEqualTo(1);

        Http.Response csv = api.get("/api/admin/exports/stats.csv?from=2025-01-01&to=2025-03-31");
        assertThat(csv.bytes()[0]).isEqualTo((byte) 0xEF);
        List<List<String>> rows = parse(csv.text().substring(1));
        assertThat(rows.get(0).subList(0, 4)).containsExactly("period", "received", "valuable", "outcome_case_opened");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(3).subList(0, 4)).containsExactly("2025-03", "1", "1", "1");
        assertThat(rows.get(4).subList(0, 3)).containsExactly("total", "3", "1");
    }

    @Test
    void aSupervisorsExportAndStatisticsCoverTheProvinceAndUnroutedTipsOnly() {
        String province = fx.province("79");
        Tip inProvince = fx.tip(fx.unit("a"), province, "Trong tỉnh của chỉ huy");
        Tip unrouted = fx.tip(null, null, "Chưa phân về đơn vị nào");
        Tip elsewhere = fx.tip(fx.unit("z"), fx.province("01"), "Tỉnh khác");
        String supervisor = fx.supervisor(province);
        String csv = as(supervisor).get("/api/admin/exports/tips.csv?size=1000").text();
        assertThat(csv).contains(inProvince.getCode(), unrouted.getCode()).doesNotContain(elsewhere.getCode());
        JsonNode stats = as(supervisor).get("/api/admin/stats").json();
        assertThat(stats.get("byUnit").get(fx.unit("a")).asLong()).isEqualTo(1);
        assertThat(stats.get("byUnit").has(fx.unit("z"))).isFalse();
        assertThat(stats.get("byUnit").get(TipStatistics.UNROUTED).asLong()).isPositive();
    }

    @Test
    void badRangesAreRefusedClearly() {
        Http api = as(fx.officer(fx.unit("a")));
        Http.Response backwards = api.get("/api/admin/stats?from=2025-03-01&to=2025-01-01");
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("reason").asText()).isEqualTo("RANGE_INVALID");
        Http.Response tooLong = api.get("/api/admin/stats?from=2000-01-01&to=2025-01-01&granularity=DAY");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("reason").asText()).isEqualTo("RANGE_TOO_LONG");
    }
}
