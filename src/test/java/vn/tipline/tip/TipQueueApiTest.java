package vn.tipline.tip;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Listing the queue: scope by role, filters, order, pages. */
class TipQueueApiTest extends OfficerTestBase {

    private static List<String> codes(Http.Response response) {
        List<String> codes = new ArrayList<>();
        response.json().get("items").forEach(item -> codes.add(item.get("code").asText()));
        return codes;
    }

    @Test
    void eachRoleSeesItsOwnScope() {
        String hcm = fx.province("79");
        String hn = fx.province("01");
        Tip inA = fx.tip(fx.unit("a"), hcm, "Bán ma túy ở hẻm 12 đường Lê Lợi");
        Tip inB = fx.tip(fx.unit("b"), hcm, "Đánh bạc trong nhà số 5 ngõ 10");
        Tip elsewhere = fx.tip(fx.unit("c"), hn, "Trộm xe máy trước chợ");
        Tip unrouted = fx.tip(null, null, "Tin chưa có đơn vị, gửi qua web");

        String officerA = fx.officer(fx.unit("a"));
        assertThat(codes(as(officerA).get("/api/admin/tips?size=100"))).containsExactly(inA.getCode());

        String officerAB = fx.officer(fx.unit("a"), fx.unit("b"));
        assertThat(codes(as(officerAB).get("/api/admin/tips?size=100")))
                .containsExactlyInAnyOrder(inA.getCode(), inB.getCode());

        String supervisor = fx.supervisor(hcm);
        List<String> seen = codes(as(supervisor).get("/api/admin/tips?size=100"));
        assertThat(seen).contains(inA.getCode(), inB.getCode(), unrouted.getCode()).doesNotContain(elsewhere.getCode());

        String admin = fx.admin();
        assertThat(codes(as(admin).get("/api/admin/tips?size=100&q=" + fx.prefix)))
                .isEmpty(); // the prefix is in no description: search really filters
        Http.Response all = as(admin).get("/api/admin/tips?size=100&sort=NEWEST");
        assertThat(codes(all)).contains(inA.getCode(), inB.getCode(), elsewhere.getCode(), unrouted.getCode());
    }

    @Test
    void urgentTipsComeFirstThenTheOldest() {
        String unit = fx.unit("q");
        Tip old = fx.tip(unit, null, Topic.THEFT_ROBBERY, "Trộm cắp tài sản ở bến xe", false, List.of());
        Tip newer = fx.tip(unit, null, Topic.THEFT_ROBBERY, "Cướp giật điện thoại trên phố", false, List.of());
        Tip urgentNew = fx.tip(unit, null, Topic.THEFT_ROBBERY, "Đang có đánh nhau trước quán", true, List.of());
        fx.setCreatedAt(old, Instant.parse("2026-01-01T01:00:00Z"));
        fx.setCreatedAt(newer, Instant.parse("2026-02-01T01:00:00Z"));
        fx.setCreatedAt(urgentNew, Instant.parse("2026-03-01T01:00:00Z"));
        String officer = fx.officer(unit);

        assertThat(codes(as(officer).get("/api/admin/tips")))
                .containsExactly(urgentNew.getCode(), old.getCode(), newer.getCode());
        assertThat(codes(as(officer).get("/api/admin/tips?sort=NEWEST")))
                .containsExactly(urgentNew.getCode(), newer.getCode(), old.getCode());
    }

    @Test
    void pagesSplitTheQueueWithoutLosingOrRepeatingTips() {
        String unit = fx.unit("p");
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            filed.add(fx.tip(unit, null, "Tin thứ " + i + " về buôn bán pháo nổ").getCode());
        }
        String officer = fx.officer(unit);
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Http.Response response = as(officer).get("/api/admin/tips?size=2&page=" + page);
            assertThat(response.json().get("total").asLong()).isEqualTo(5);
            assertThat(response.json().get("size").asInt()).isEqualTo(2);
            seen.addAll(codes(response));
        }
        assertThat(seen).containsExactlyElementsOf(filed);
    }

    @Test
    void filtersNarrowTheQueue() {
        String unit = fx.unit("f");
        Tip drugs = fx.tip(unit, null, Topic.DRUGS, "Nhóm thanh niên bán thuốc lắc ở quán karaoke Đồng Khởi", false, List.of());
        Tip fraud = fx.tip(unit, null, Topic.FRAUD, "Cuộc gọi giả danh công an yêu cầu chuyển tiền", true, List.of());
        Tip withPhoto = fx.tip(unit, null, Topic.FRAUD, "Tin nhắn lừa đảo trúng thưởng, có ảnh chụp màn hình", false,
                List.of("650000000000000000000001"));
        fx.setCreatedAt(drugs, Instant.parse("2026-04-10T03:00:00Z"));
        fx.setCreatedAt(fraud, Instant.parse("2026-04-20T16:30:00Z")); // 23:30 on the 20th in Vietnam
        fx.setCreatedAt(withPhoto, Instant.parse("2026-05-02T03:00:00Z"));
        String officer = fx.officer(unit);
        Http api = as(officer);

        assertThat(codes(api.get("/api/admin/tips?topic=FRAUD"))).containsExactly(fraud.getCode(), withPhoto.getCode());
        assertThat(codes(api.get("/api/admin/tips?urgent=true"))).containsExactly(fraud.getCode());
        assertThat(codes(api.get("/api/admin/tips?hasAttachments=true"))).containsExactly(withPhoto.getCode());
        assertThat(codes(api.get("/api/admin/tips?hasAttachments=false")))
                .containsExactlyInAnyOrder(drugs.getCode(), fraud.getCode());
        assertThat(codes(api.get("/api/admin/tips?from=2026-04-15&to=2026-04-20"))).containsExactly(fraud.getCode());
        assertThat(codes(api.get("/api/admin/tips?to=2026-04-19"))).containsExactly(drugs.getCode());
        assertThat(codes(api.get("/api/admin/tips?status=NEW&status=IN_REVIEW"))).hasSize(3);
        assertThat(codes(api.get("/api/admin/tips?status=CLOSED"))).isEmpty();
    }

    @Test
    void textSearchIgnoresAccentsAndCaseAndFindsReceiptCodes() {
        String unit = fx.unit("s");
        Tip karaoke = fx.tip(unit, null, "Nhóm thanh niên bán thuốc lắc ở quán Karaoke Đồng Khởi");
        Tip bank = fx.tip(unit, null, "Tin nhắn giả danh ngân hàng (Vietcombank) đòi mã OTP");
        Http api = as(fx.officer(unit));

        assertThat(codes(api.get("/api/admin/tips?q=dong%20khoi"))).containsExactly(karaoke.getCode());
        assertThat(codes(api.get("/api/admin/tips?q=%C4%90%E1%BB%92NG%20KH%E1%BB%9EI"))).containsExactly(karaoke.getCode());
        assertThat(codes(api.get("/api/admin/tips?q=thuoc%20lac%20karaoke"))).containsExactly(karaoke.getCode());
        assertThat(codes(api.get("/api/admin/tips?q=karaoke%20otp"))).isEmpty();
        // Regular-expression characters are searched for literally, not interpreted.
        assertThat(codes(api.get("/api/admin/tips?q=(vietcombank)"))).containsExactly(bank.getCode());
        assertThat(codes(api.get("/api/admin/tips?q=.*"))).isEmpty();
        assertThat(codes(api.get("/api/admin/tips?q=" + bank.getCode().toLowerCase()))).containsExactly(bank.getCode());
    }

    @Test
    void summariesCarryNoReporterIdentity() {
        String unit = fx.unit("i");
        Tip tip = fx.tip(unit, null, "Buôn bán vũ khí tự chế ở xưởng cơ khí");
        Http.Response response = as(fx.officer(unit)).get("/api/admin/tips");
        JsonNode item = response.json().get("items").get(0);
        assertThat(item.get("code").asText()).isEqualTo(tip.getCode());
        assertThat(response.text()).doesNotContain(tip.getReporterKey()).doesNotContain("reporterKey")
                .doesNotContain("submissionKey");
    }

    @Test
    void badQueryParametersAreProblemDetails() {
        Http api = as(fx.officer(fx.unit("x")));
        Http.Response tooBig = api.get("/api/admin/tips?size=1000");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        assertThat(tooBig.json().get("errors").get(0).get("field").asText()).isEqualTo("size");

        Http.Response badStatus = api.get("/api/admin/tips?status=SOLVED");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.contentType()).startsWith("application/problem+json");

        Http.Response badDate = api.get("/api/admin/tips?from=yesterday");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.contentType()).startsWith("application/problem+json");
    }
}
