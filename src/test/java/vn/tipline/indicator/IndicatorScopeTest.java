package vn.tipline.indicator;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.tipline.account.AuditLog;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.RawHttp;
import vn.tipline.tip.Tip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Officers and indicators through the API, against the scope rule: a linked tip in scope opens,
 * one outside is only counted with its unit; an officer of another ward, a forged id, no
 * credentials and an oversized body all fail to cross it.
 */
class IndicatorScopeTest extends OfficerTestBase {

    private static final int MB = 1024 * 1024;

    private String unitA;
    private String unitB;
    private String phone;
    private Tip tipA;
    private Tip tipB;

    @BeforeEach
    void twoWardsNameOneNumber() {
        unitA = fx.unit("a");
        unitB = fx.unit("b");
        phone = IndicatorsForTests.newPhone();
        tipA = fx.tip(unitA, fx.province("1"), "Có người gọi số " + phone + " tự xưng công an, đòi chuyển tiền.");
        String international = "+84 " + phone.replaceAll("\\D", "").substring(1);
        tipB = fx.tip(unitB, fx.province("2"), "Số " + international + " gọi báo con tôi bị tai nạn, bắt chuyển tiền viện phí.");
    }

    private String indicatorId() {
        return IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(phone), null));
    }

    private static JsonNode only(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.path("value").asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError(value + " not in " + list);
    }

    @Test
    void aLinkedTipOutsideTheScopeIsOnlyCountedWithItsUnit() {
        Http.Response response = as(fx.officer(unitA)).get("/api/admin/indicators/tips/" + tipA.getId());
        assertThat(response.status()).isEqualTo(200);
        JsonNode indicator = only(response.json(), IndicatorsForTests.e164(phone));
        assertThat(indicator.path("linked")).isEmpty();
        assertThat(indicator.path("elsewhere").asInt()).isEqualTo(1);
        assertThat(indicator.path("elsewhereUnits").get(0).asText()).isEqualTo(unitB);
        // No content, no code, no id of the other ward's tip.
        assertThat(response.text()).doesNotContain(tipB.getCode(), tipB.getId(), "tai nạn");
    }

    @Test
    void aLinkedTipInScopeOpens() {
        Http.Response response = as(fx.admin()).get("/api/admin/indicators/tips/" + tipA.getId());
        JsonNode indicator = only(response.json(), IndicatorsForTests.e164(phone));
        assertThat(indicator.path("linked").get(0).path("code").asText()).isEqualTo(tipB.getCode());
        assertThat(indicator.path("linked").get(0).path("id").asText()).isEqualTo(tipB.getId());
        assertThat(indicator.path("elsewhere").asInt()).isZero();
    }

    @Test
    void anotherWardsTipIsNotFoundNorItsIndicators() {
        assertThat(as(fx.officer(unitA)).get("/api/admin/indicators/tips/" + tipB.getId()).status()).isEqualTo(404);
        String officerC = fx.officer(fx.unit("c"));
        assertThat(as(officerC).get("/api/admin/indicators/tips/" + tipA.getId()).status()).isEqualTo(404);
        assertThat(as(officerC).get("/api/admin/indicators?days=30").text()).doesNotContain(IndicatorsForTests.e164(phone));
        Http.Response refused = as(officerC).post("/api/admin/indicators/" + indicatorId() + "/confirm", Map.of("reason", "đã xác minh"));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(mongo.findById(indicatorId(), IndicatorRecord.class).status()).isEqualTo(IndicatorRecord.Status.REPORTED);
    }

    @Test
    void theRankingCountsTheScopeWithTheTrendAndTheUnits() {
        Tip second = fx.tip(unitA, fx.province("1"), "Lại là số " + phone + " gọi đến, lần này giả nhân viên điện lực.");
        Tip older = fx.tip(unitA, fx.province("1"), "Tháng trước số " + phone + " cũng gọi lừa mẹ tôi.");
        fx.setCreatedAt(older, Instant.now().minus(Duration.ofDays(40)));

        JsonNode ranking = as(fx.officer(unitA)).get("/api/admin/indicators?days=30").json();
        assertThat(ranking.path("days").asInt()).isEqualTo(30);
        JsonNode row = only(ranking.path("indicators"), IndicatorsForTests.e164(phone));
        assertThat(row.path("inScope").asInt()).isEqualTo(2);
        assertThat(row.path("previous").asInt()).isEqualTo(1);
        assertThat(row.path("trend").asText()).isEqualTo("UP");
        assertThat(row.path("elsewhere").asInt()).isEqualTo(1);
        List<String> units = new ArrayList<>();
        row.path("units").forEach(u -> units.add(u.asText()));
        assertThat(units).containsExactly(unitA, unitB);
        assertThat(row.toString()).contains(tipA.getCode(), second.getCode()).doesNotContain(tipB.getCode(), older.getCode());
    }

    @Test
    void aConfirmationNeedsAReasonAndBothDecisionsAreAudited() {
        String officer = fx.officer(unitA);
        Http.Response noReason = as(officer).post("/api/admin/indicators/" + indicatorId() + "/confirm", Map.of("reason", "  "));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().path("type").asText()).isEqualTo("urn:tipline:problem:indicator-reason");

        Http.Response confirmed = as(officer).post("/api/admin/indicators/" + indicatorId() + "/confirm",
                Map.of("reason", "Đối chiếu sao kê: số này nhận tiền của 3 nạn nhân"));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(audited(officer, AuditLog.Action.INDICATOR_CONFIRM)).isEqualTo(1);

        Http.Response cleared = as(officer).post("/api/admin/indicators/" + indicatorId() + "/clear", Map.of("reason", "Nhầm số"));
        assertThat(cleared.json().path("status").asText()).isEqualTo("CLEARED");
        assertThat(audited(officer, AuditLog.Action.INDICATOR_CLEAR)).isEqualTo(1);
    }

    private long audited(String officer, AuditLog.Action action) {
        return mongo.count(Query.query(Criteria.where("actor").is(officer).and("action").is(action)
                .and("target").is("indicator " + indicatorId())), AuditLog.COLLECTION);
    }

    @Test
    void aForgedIdNoCredentialsAndAHugeBodyAreRefused() throws IOException {
        String officer = fx.officer(unitA);
        assertThat(as(officer).post("/api/admin/indicators/0000000000deadbeef00/confirm", Map.of("reason", "x")).status())
                .isEqualTo(404);
        assertThat(as(officer).post("/api/admin/indicators/%7B%24ne%3A1%7D/confirm", Map.of("reason", "x")).status())
                .isIn(400, 404);
        assertThat(anonymous().get("/api/admin/indicators").status()).isEqualTo(401);
        assertThat(anonymous().post("/api/admin/indicators/" + indicatorId() + "/confirm", Map.of("reason", "x")).status())
                .isEqualTo(401);

        String basic = Base64.getEncoder().encodeToString((officer + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        byte[] huge = ("{\"reason\":\"" + "x".repeat(25 * MB) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = new RawHttp(port).send("POST /api/admin/indicators/" + indicatorId() + "/confirm HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nAuthorization: Basic " + basic
                + "\r\nContent-Length: " + huge.length + "\r\nConnection: close", huge);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).contains("application/problem+json");
        assertThat(mongo.findById(indicatorId(), IndicatorRecord.class).status()).isEqualTo(IndicatorRecord.Status.REPORTED);
    }

    @Test
    void theIndexHoldsNoReporterIdentity() {
        Document stored = mongo.getCollection(IndicatorRecord.COLLECTION).find(new Document("_id", indicatorId())).first();
        assertThat(stored.toJson()).doesNotContain(tipA.getReporterKey(), tipB.getReporterKey(), "reporterKey");
        assertThat(stored.getString("value")).isEqualTo(IndicatorsForTests.e164(phone));
    }
}
