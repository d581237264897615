package vn.tipline.tip;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.support.WebChatClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Display spoofing: a right-to-left override (U+202E) or a NUL in a citizen's text would make the
 * officers' screens show something other than what was sent ("gpj.exe" read as "exe.jpg", a
 * line cut short). Officers see such characters as visible markers in the console, in the API the
 * console's data comes from, and in CSV exports; the store keeps the text exactly as sent.
 */
class HiddenCharactersTest extends OfficerTestBase {

    private static final String RLO = "\u202E";
    private static final String NUL = "\u0000";
    private static final String DESCRIPTION = "Có người gửi tệp ảnh " + RLO + "gpj.exe cho trẻ em" + NUL + " ở hẻm 12";
    private static final String PLACE = "Hẻm 12" + RLO + " Lê Lợi" + NUL;
    private static final String NOTE = "Ghi chú" + "\u2066" + " có ký tự ẩn" + NUL;

    private Tip hostileTip(String unit) {
        Tip tip = tipService.file(new TipService.NewTip(fx.prefix + ":bidi", Topic.OTHER, DESCRIPTION,
                new Tip.Place(PLACE, null, null), "tối qua" + RLO, List.of(), false, "Liên hệ " + RLO + "0909",
                "reporter-bidi", false, "web", "vi"));
        return fx.route(tip, unit, null);
    }

    private static void shownWithMarkers(String text, String where) {
        assertThat(text).as(where).contains("⟨U+202E⟩gpj.exe", "⟨U+0000⟩")
                .doesNotContain(RLO).doesNotContain(NUL);
    }

    @Test
    void theApiShowsBidiAndControlCharactersAsMarkers() {
        String unit = fx.unit("bidi-api");
        Tip tip = hostileTip(unit);
        Http api = as(fx.officer(unit));
        api.post("/api/admin/tips/" + tip.getId() + "/notes", Map.of("text", NOTE));

        JsonNode detail = api.get("/api/admin/tips/" + tip.getId()).json();
        shownWithMarkers(detail.get("description").asText(), "description");
        assertThat(detail.get("place").get("text").asText()).isEqualTo("Hẻm 12⟨U+202E⟩ Lê Lợi⟨U+0000⟩");
        assertThat(detail.get("eventTime").asText()).isEqualTo("tối qua⟨U+202E⟩");
        assertThat(detail.get("contact").asText()).isEqualTo("Liên hệ ⟨U+202E⟩0909");
        JsonNode note = detail.get("timeline").get(detail.get("timeline").size() - 1);
        assertThat(note.get("text").asText()).isEqualTo("Ghi chú⟨U+2066⟩ có ký tự ẩn⟨U+0000⟩");

        JsonNode listed = api.get("/api/admin/tips?q=gpj").json();
        assertThat(listed.toString()).contains(tip.getCode());
        for (JsonNode item : listed.get("items")) {
            if (item.get("code").asText().equals(tip.getCode())) {
                shownWithMarkers(item.get("excerpt").asText(), "excerpt");
            }
        }

        Tip stored = mongo.findById(tip.getId(), Tip.class);
        assertThat(stored.getDescription()).as("the evidence is kept as sent").isEqualTo(DESCRIPTION);
        assertThat(stored.getPlace().text()).isEqualTo(PLACE);
    }

    @Test
    void theConsolePagesShowMarkersNotTheCharacters() {
        String unit = fx.unit("bidi-page");
        Tip tip = hostileTip(unit);
        String officer = fx.officer(unit);
        as(officer).post("/api/admin/tips/" + tip.getId() + "/notes", Map.of("text", NOTE));

        PageSession session = new PageSession(port);
        session.signIn(officer, Fixtures.PASSWORD);
        String page = session.get("/admin/tips/" + tip.getId()).body();
        shownWithMarkers(page, "tip page");
        assertThat(page).contains("Hẻm 12⟨U+202E⟩ Lê Lợi⟨U+0000⟩", "Ghi chú⟨U+2066⟩ có ký tự ẩn", "Liên hệ ⟨U+202E⟩0909")
                .doesNotContain("\u2066");
        shownWithMarkers(session.get("/admin").body(), "queue");
    }

    @Test
    void theCsvExportShowsMarkersAndStillDefusesFormulas() {
        String unit = fx.unit("bidi-csv");
        Tip hostile = hostileTip(unit);
        Tip formula = fx.tip(unit, null, "=HYPERLINK(\"http://evil.example\",\"bấm vào\")");
        Tip hiddenFormula = fx.tip(unit, null, RLO + "=1+1");
        String csv = as(fx.officer(unit)).get("/api/admin/exports/tips.csv").text();

        assertThat(csv).contains(hostile.getCode(), formula.getCode(), hiddenFormula.getCode());
        shownWithMarkers(csv, "csv");
        assertThat(csv).contains("'=HYPERLINK").doesNotContain(",=HYPERLINK").doesNotContain("\"=HYPERLINK");
        assertThat(csv).contains("⟨U+202E⟩=1+1");
    }

    @Test
    void aFollowUpAnswerFromTheChatShowsMarkers() {
        String unit = fx.unit("bidi-answer");
        WebChatClient reporter = WebChatClient.open(port);
        String code = reporter.fileAnonymousTip("Có người bán ma túy ở quán cà phê đầu hẻm 12 mỗi tối", "Hẻm 12 Lê Lợi");
        Tip tip = fx.route(tipService.findByCode(code).orElseThrow(), unit, null);
        Http api = as(fx.officer(unit));
        api.post("/api/admin/tips/" + tip.getId() + "/questions", Map.of("text", "Người bán đi xe gì?"));
        reporter.inbox();
        reporter.pressPayload("/reply " + code).say("Xe " + RLO + "retiCxE màu xanh");

        JsonNode detail = api.get("/api/admin/tips/" + tip.getId()).json();
        JsonNode answer = detail.get("timeline").get(detail.get("timeline").size() - 1);
        assertThat(answer.get("kind").asText()).isEqualTo("ANSWER");
        assertThat(answer.get("text").asText()).isEqualTo("Xe ⟨U+202E⟩retiCxE màu xanh");
    }
}
