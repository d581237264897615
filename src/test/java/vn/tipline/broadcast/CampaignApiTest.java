package vn.tipline.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.broadcast.Subscriptions;
import vn.tipline.account.Role;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The campaign API over real HTTP: roles, the four-eyes rule, bad input as problem details, audit. */
class CampaignApiTest extends OfficerTestBase {

    @Autowired
    Subscriptions subscriptions;

    String officer;
    String supervisor;
    String admin;

    /** Cần Thơ (92): the only province these tests give subscribers, so counts are this class's own. */
    static final Map<String, Object> CAN_THO = Map.of("provinces", List.of(92));

    @BeforeEach
    void people() {
        officer = fx.officer(fx.unit("a"));
        supervisor = fx.supervisor(fx.province("1"));
        admin = fx.admin();
        subscriptions.subscribe("api-test-" + UUID.randomUUID(), "web", 92, null, List.of(), "vi");
    }

    Map<String, Object> draft(String text) {
        return Map.of("title", "Cảnh báo", "textVi", text, "textEn", "Scam warning", "audience", CAN_THO);
    }

    @Test
    void anOfficerDraftsASupervisorApprovesAndTheCampaignIsScheduled() {
        Http.Response created = as(officer).post("/api/admin/campaigns", draft("Cảnh báo lừa đảo qua điện thoại"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("state").asText()).isEqualTo("DRAFT");

        Http.Response approved = as(supervisor).post("/api/admin/campaigns/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().path("approvedBy").asText()).isEqualTo(supervisor);

        Instant later = Instant.now().plusSeconds(3600);
        Http.Response scheduled = as(officer).post("/api/admin/campaigns/" + id + "/schedule", Map.of("sendAt", later.toString()));
        assertThat(scheduled.json().path("state").asText()).isEqualTo("SCHEDULED");
        assertThat(as(officer).post("/api/admin/campaigns/" + id + "/pause", Map.of()).json().path("state").asText())
                .isEqualTo("PAUSED");
        assertThat(as(officer).post("/api/admin/campaigns/" + id + "/resume", Map.of()).json().path("state").asText())
                .isEqualTo("SCHEDULED");
        assertThat(as(officer).post("/api/admin/campaigns/" + id + "/cancel", Map.of()).json().path("state").asText())
                .isEqualTo("CANCELLED");
        Http.Response again = as(officer).post("/api/admin/campaigns/" + id + "/resume", Map.of());
        assertThat(again.status()).isEqualTo(409);

        JsonNode audit = as(admin).get("/api/admin/audit?target=" + id).json();
        assertThat(audit.toString()).contains("CAMPAIGN_CREATE", "CAMPAIGN_APPROVE", "CAMPAIGN_SCHEDULE", "CAMPAIGN_CANCEL");
        assertThat(audit.toString()).doesNotContain("lừa đảo");
    }

    @Test
    void aSupervisorCannotApproveTheirOwnCampaignAndAnOfficerCannotApproveAtAll() {
        String id = as(supervisor).post("/api/admin/campaigns", draft("Tự duyệt?")).json().path("id").asText();
        Http.Response own = as(supervisor).post("/api/admin/campaigns/" + id + "/approve", Map.of());
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.contentType()).contains("application/problem+json");
        assertThat(own.json().path("reason").asText()).isEqualTo("OWN_CAMPAIGN");
        assertThat(as(officer).post("/api/admin/campaigns/" + id + "/approve", Map.of()).json().path("reason").asText())
                .isEqualTo("ROLE_NOT_ALLOWED");
        assertThat(as(admin).post("/api/admin/campaigns/" + id + "/approve", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void theFirstAdministratorDraftsOneThatReachesNobodyYetButNobodyCanApproveIt() {
        Map<String, Object> nobody = Map.of("textVi", "Chưa ai đăng ký", "audience",
                Map.of("provinces", List.of(96), "topics", List.of("scam")));
        Http.Response created = as(admin).post("/api/admin/campaigns", nobody);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("author").asText()).isEqualTo(admin);
        assertThat(as(admin).post("/api/admin/campaigns/preview", nobody.get("audience")).json().path("subscribers").asLong())
                .isZero();
        Http.Response approved = as(supervisor).post("/api/admin/campaigns/" + id + "/approve", Map.of());
        assertThat(approved.status()).isEqualTo(422);
        assertThat(approved.json().path("reason").asText()).isEqualTo("NO_AUDIENCE");
    }

    @Test
    void communicationsStaffDraftButSeeNoTipAndApproveNothing() {
        String unit = fx.unit("b");
        fx.tip(unit, fx.province("1"), "Một tin báo mà bộ phận truyền thông không được xem");
        String communications = fx.account(Role.COMMUNICATIONS, List.of(), null);
        Http.Response created = as(communications).post("/api/admin/campaigns", draft("Cảnh báo từ bộ phận truyền thông"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(as(communications).get("/api/admin/tips").json().get("total").asLong()).isZero();
        assertThat(as(admin).get("/api/admin/tips?unit=" + unit).json().get("total").asLong()).isEqualTo(1);
        Http.Response approved = as(communications).post("/api/admin/campaigns/" + as(officer)
                .post("/api/admin/campaigns", draft("Của cán bộ")).json().path("id").asText() + "/approve", Map.of());
        assertThat(approved.status()).isEqualTo(403);
        assertThat(approved.json().path("reason").asText()).isEqualTo("ROLE_NOT_ALLOWED");
    }

    @Test
    void aMoveTheStateDoesNotAllowIsAConflictProblem() {
        String id = as(officer).post("/api/admin/campaigns", draft("Tạm dừng bản nháp?")).json().path("id").asText();
        Http.Response paused = as(officer).post("/api/admin/campaigns/" + id + "/pause", Map.of());
        assertThat(paused.status()).isEqualTo(409);
        assertThat(paused.contentType()).contains("application/problem+json");
        assertThat(paused.json().path("reason").asText()).isEqualTo("INVALID_TRANSITION");
        assertThat(as(officer).get("/api/admin/campaigns/" + id).json().path("state").asText()).isEqualTo("DRAFT");
    }

    @Test
    void badInputIsRefusedWithAProblemAndNothingIsCreated() {
        long before = mongo.getCollection("broadcast_campaigns").countDocuments();
        assertThat(reason(Map.of("textVi", "  ", "audience", CAN_THO))).isEqualTo("TEXT_REQUIRED");
        assertThat(reason(Map.of("textVi", "x".repeat(3001), "audience", CAN_THO))).isEqualTo("TEXT_TOO_LONG");
        assertThat(reason(Map.of("textVi", "ok", "textEn", "y".repeat(3001), "audience", CAN_THO))).isEqualTo("TEXT_TOO_LONG");
        assertThat(reason(Map.of("textVi", "ok", "audience", Map.of("provinces", List.of(3)))))
                .isEqualTo("UNKNOWN_PROVINCE");
        assertThat(reason(Map.of("textVi", "ok", "audience", Map.of("topics", List.of("gossip")))))
                .isEqualTo("UNKNOWN_TOPIC");
        assertThat(reason(Map.of("textVi", "ok", "audience", Map.of("channels", List.of("fax")))))
                .isEqualTo("UNKNOWN_CHANNEL");
        assertThat(reason(Map.of("textVi", "ok", "audience", CAN_THO, "sendAt", Instant.now().minusSeconds(60).toString())))
                .isEqualTo("SCHEDULE_IN_PAST");
        Http.Response malformed = as(officer).postRaw("/api/admin/campaigns", "application/json", "{\"textVi\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).contains("application/problem+json");
        assertThat(mongo.getCollection("broadcast_campaigns").countDocuments()).isEqualTo(before);

        String id = as(officer).post("/api/admin/campaigns", draft("Lịch trong quá khứ")).json().path("id").asText();
        as(supervisor).post("/api/admin/campaigns/" + id + "/approve", Map.of());
        Http.Response past = as(officer).post("/api/admin/campaigns/" + id + "/schedule",
                Map.of("sendAt", Instant.now().minusSeconds(3600).toString()));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.json().path("reason").asText()).isEqualTo("SCHEDULE_IN_PAST");
        assertThat(as(officer).get("/api/admin/campaigns/" + id).json().path("state").asText()).isEqualTo("APPROVED");
        assertThat(as(officer).get("/api/admin/campaigns/nope").status()).isEqualTo(404);
    }

    @Test
    void aDraftTakesAPictureWithoutItsMetadataAndRefusesWhatIsNotOne() throws Exception {
        String id = as(officer).post("/api/admin/campaigns", draft("Cảnh báo có ảnh")).json().path("id").asText();
        String path = "/api/admin/campaigns/" + id + "/image";
        byte[] jpeg = vn.tipline.support.Images.jpegWithExif("OFFICER-PHONE-SERIAL-42");
        Http.Response set = as(officer).putFile(path, "image", "canh-bao.jpg", "image/jpeg", jpeg);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("imageType").asText()).isEqualTo("image/jpeg");
        Http.Response shown = as(supervisor).get(path);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.contentType()).startsWith("image/jpeg");
        assertThat(vn.tipline.support.Images.contains(jpeg, "OFFICER-PHONE-SERIAL-42")).isTrue();
        assertThat(vn.tipline.support.Images.contains(shown.bytes(), "OFFICER-PHONE-SERIAL-42")).isFalse();

        Http.Response html = as(officer).putFile(path, "image", "x.jpg", "image/jpeg",
                "<script>alert(1)</script>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(html.status()).isEqualTo(422);
        assertThat(html.json().path("reason").asText()).isEqualTo("IMAGE_INVALID");
        byte[] huge = new byte[1024 * 1024 + 1];
        System.arraycopy(jpeg, 0, huge, 0, jpeg.length);
        Http.Response large = as(officer).putFile(path, "image", "big.jpg", "image/jpeg", huge);
        assertThat(large.status()).isEqualTo(422);
        assertThat(large.json().path("reason").asText()).isEqualTo("IMAGE_TOO_LARGE");
        assertThat(as(officer).get(path).status()).as("the first picture is kept").isEqualTo(200);

        assertThat(as(officer).delete(path).json().has("imageId")).isFalse();
        assertThat(as(officer).get(path).status()).isEqualTo(404);
        as(officer).putFile(path, "image", "canh-bao.jpg", "image/jpeg", jpeg);
        as(supervisor).post("/api/admin/campaigns/" + id + "/approve", Map.of());
        Http.Response late = as(officer).putFile(path, "image", "canh-bao.jpg", "image/jpeg", jpeg);
        assertThat(late.status()).as("an approved campaign's picture cannot change").isEqualTo(409);
    }

    @Test
    void thePreviewCountsTheActiveSubscribersOfTheAudience() {
        long before = as(officer).post("/api/admin/campaigns/preview", CAN_THO).json().path("subscribers").asLong();
        subscriptions.subscribe("api-test-" + UUID.randomUUID(), "telegram", 92, null, List.of("drugs"), "en");
        assertThat(as(officer).post("/api/admin/campaigns/preview", CAN_THO).json().path("subscribers").asLong())
                .isEqualTo(before + 1);
        assertThat(anonymous().post("/api/admin/campaigns/preview", CAN_THO).status()).isEqualTo(401);
    }

    private String reason(Map<String, Object> body) {
        Http.Response response = as(officer).post("/api/admin/campaigns", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.contentType()).contains("application/problem+json");
        return response.json().path("reason").asText();
    }
}
