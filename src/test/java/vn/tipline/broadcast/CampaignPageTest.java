package vn.tipline.broadcast;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaigns page over HTTP: the administrator drafts one that reaches nobody yet, a refused
 * draft comes back with what was typed (places by name), the preview is the channels' rendering,
 * and a move the campaign's state does not allow is a 409 page, not offered in the first place.
 */
class CampaignPageTest extends OfficerTestBase {

    @Autowired
    Campaigns campaigns;

    private PageSession signedIn(String username) {
        PageSession page = new PageSession(port);
        page.signIn(username, Fixtures.PASSWORD);
        page.get("/admin/campaigns");
        return page;
    }

    private Campaign byTitle(String title) {
        return campaigns.list().stream().filter(c -> title.equals(c.title())).findFirst().orElseThrow();
    }

    @Test
    void theAdministratorDraftsACampaignThatReachesNobodyYet() {
        String admin = fx.admin();
        String title = "Chưa ai " + UUID.randomUUID();
        HttpResponse<String> saved = signedIn(admin).post("/admin/campaigns", Map.of("title", title,
                "textVi", "Cảnh báo lừa đảo", "provinces", "96", "topics", "scam"), true);
        assertThat(saved.statusCode()).isEqualTo(302);
        Campaign draft = byTitle(title);
        assertThat(draft.author()).isEqualTo(admin);
        assertThat(draft.state()).isEqualTo(Campaign.State.DRAFT);
        String page = signedIn(admin).get("/admin/campaigns").body();
        assertThat(page).contains("Hiện có 0 người đăng ký phù hợp");
    }

    @Test
    void aRefusedDraftComesBackWithEverythingTypedAndThePlacesByName() {
        PageSession page = signedIn(fx.admin());
        HttpResponse<String> refused = page.post("/admin/campaigns", Map.of("title", "Giữ lại tiêu đề",
                "textVi", "   ", "textEn", "Keep this English", "communes", "26740", "topics", "drugs",
                "channels", "zalo", "sendAt", "2031-05-01T08:30"), true);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Cần có nội dung tiếng Việt", "value=\"Giữ lại tiêu đề\"", "Keep this English",
                "Phường Sài Gòn, Thành phố Hồ Chí Minh", "name=\"communes\" value=\"26740\"", "value=\"2031-05-01T08:30\"");
        assertThat(refused.body()).containsPattern("value=\"drugs\"[^>]*checked");
        assertThat(refused.body()).containsPattern("value=\"zalo\"[^>]*checked");
    }

    @Test
    void thePreviewShowsWhatTelegramAndZaloWillShowWithTheAudienceCount() {
        PageSession page = signedIn(fx.admin());
        HttpResponse<String> preview = page.post("/admin/campaigns/preview", Map.of("textVi", "<b>Cảnh báo</b> & lừa đảo",
                "textEn", "Scam warning", "provinces", "96", "topics", "scam"), true);
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).containsPattern("data-channel=\"telegram\"\\s+data-language=\"vi\"")
                .containsPattern("data-channel=\"zalo\"\\s+data-language=\"en\"");
        assertThat(preview.body()).contains("&lt;b&gt;Cảnh báo&lt;/b&gt; &amp; lừa đảo",
                "Hiện có 0 người đăng ký phù hợp với đối tượng này.");
        assertThat(preview.body()).contains("value=\"96\"", "Tỉnh Cà Mau");
    }

    @Test
    void aMoveTheStateDoesNotAllowIsNotOfferedAndAnswers409() {
        String officer = fx.officer(fx.unit("a"));
        String title = "Bản nháp " + UUID.randomUUID();
        PageSession page = signedIn(officer);
        page.post("/admin/campaigns", Map.of("title", title, "textVi", "Nội dung"), true);
        String id = byTitle(title).id();
        String list = page.get("/admin/campaigns").body();
        String card = list.substring(list.indexOf("data-id=\"" + id + "\""));
        card = card.substring(0, card.indexOf("</li>"));
        assertThat(card).contains("campaign-cancel").doesNotContain("campaign-pause", "campaign-resume",
                "campaign-schedule", "campaign-approve");
        HttpResponse<String> paused = page.post("/admin/campaigns/" + id + "/pause", Map.of(), true);
        assertThat(paused.statusCode()).isEqualTo(409);
        assertThat(paused.body()).contains("Chiến dịch đang ở trạng thái không cho phép việc này.", "campaign-form");
        assertThat(byTitle(title).state()).isEqualTo(Campaign.State.DRAFT);
        assertThat(page.post("/admin/campaigns/" + id + "/explode", Map.of(), true).statusCode()).isEqualTo(404);
        assertThat(page.post("/admin/campaigns/no-such-campaign/approve", Map.of(), true).statusCode()).isEqualTo(404);
    }
}
