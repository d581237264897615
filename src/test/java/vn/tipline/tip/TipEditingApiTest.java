package vn.tipline.tip;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Working on a tip: status, assignment, tags, outcome, notes, and what happens when two officers edit at once. */
class TipEditingApiTest extends OfficerTestBase {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aTipMovesThroughItsStatusesAndEachChangeIsOnItsTimeline() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Nhóm đối tượng cho vay nặng lãi, đe dọa người dân");
        String officer = fx.officer(unit);
        Http api = as(officer);
        String path = "/api/admin/tips/" + tip.getId();

        JsonNode reviewed = api.post(path + "/status", body("status", "IN_REVIEW", "version", tip.getVersion())).json();
        assertThat(reviewed.get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(reviewed.get("nextStatuses").toString()).contains("ACTIONED", "CLOSED", "REJECTED_SPAM", "DUPLICATE");

        JsonNode actioned = api.post(path + "/status", body("status", "ACTIONED", "version", reviewed.get("version").asLong())).json();
        assertThat(actioned.get("status").asText()).isEqualTo("ACTIONED");
        JsonNode timeline = actioned.get("timeline");
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).get("kind").asText()).isEqualTo("STATUS");
        assertThat(timeline.get(0).get("before").asText()).isEqualTo("NEW");
        assertThat(timeline.get(0).get("after").asText()).isEqualTo("IN_REVIEW");
        assertThat(timeline.get(1).get("after").asText()).isEqualTo("ACTIONED");
        assertThat(timeline.get(1).get("actor").asText()).isEqualTo(officer);
        // The reporter's /status sees it too.
        assertThat(mongo.findById(tip.getId(), Tip.class).getStatus()).isEqualTo(TipStatus.ACTIONED);
    }

    @Test
    void aChangeTheWorkflowDoesNotAllowIsRefusedWith422() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Tụ tập đua xe trái phép mỗi đêm thứ bảy");
        Http.Response refused = as(fx.officer(unit)).post("/api/admin/tips/" + tip.getId() + "/status",
                body("status", "ACTIONED", "version", tip.getVersion()));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("reason").asText()).isEqualTo("INVALID_TRANSITION");
        assertThat(refused.json().get("detail").asText()).contains("cannot move");
        assertThat(mongo.findById(tip.getId(), Tip.class).getStatus()).isEqualTo(TipStatus.NEW);
    }

    @Test
    void aDuplicateLinksToATipInScopeOnly() {
        String unit = fx.unit("a");
        Tip original = fx.tip(unit, null, "Sòng bạc trong nhà số 5 ngõ 10 phố Huế");
        Tip copy = fx.tip(unit, null, "Có đánh bạc ở nhà số 5 ngõ 10, rất đông người");
        Tip otherUnits = fx.tip(fx.unit("b"), null, "Đánh bạc ở phường bên cạnh");
        Http api = as(fx.officer(unit));
        String path = "/api/admin/tips/" + copy.getId() + "/status";

        assertThat(api.post(path, body("status", "DUPLICATE", "version", copy.getVersion())).json().get("reason").asText())
                .isEqualTo("DUPLICATE_NEEDS_TARGET");
        assertThat(api.post(path, body("status", "DUPLICATE", "duplicateOf", otherUnits.getCode(), "version",
                copy.getVersion())).json().get("reason").asText()).isEqualTo("DUPLICATE_TARGET_UNKNOWN");
        assertThat(api.post(path, body("status", "DUPLICATE", "duplicateOf", copy.getCode(), "version",
                copy.getVersion())).json().get("reason").asText()).isEqualTo("DUPLICATE_OF_ITSELF");

        JsonNode marked = api.post(path, body("status", "DUPLICATE", "duplicateOf",
                original.getCode().toLowerCase().replace("-", " "), "version", copy.getVersion())).json();
        assertThat(marked.get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(marked.get("duplicateOf").asText()).isEqualTo(original.getCode());
        assertThat(as(fx.officer(unit)).get("/api/admin/tips/" + original.getId()).json().get("duplicates").toString())
                .contains(copy.getCode());
        // Reopening clears the link.
        JsonNode reopened = api.post(path, body("status", "IN_REVIEW", "version", marked.get("version").asLong())).json();
        assertThat(reopened.has("duplicateOf")).isFalse();
    }

    @Test
    void officersClaimAndAssignWithinTheUnit() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Người lạ theo dõi trẻ em trước cổng trường");
        String first = fx.officer(unit);
        String colleague = fx.officer(unit);
        String outsider = fx.officer(fx.unit("b"));
        String path = "/api/admin/tips/" + tip.getId() + "/assignee";

        JsonNode claimed = as(first).put(path, body("assignee", "me", "version", tip.getVersion())).json();
        assertThat(claimed.get("assignee").asText()).isEqualTo(first);

        Http.Response toOutsider = as(first).put(path, body("assignee", outsider, "version", claimed.get("version").asLong()));
        assertThat(toOutsider.status()).isEqualTo(422);
        assertThat(toOutsider.json().get("reason").asText()).isEqualTo("ASSIGNEE_UNKNOWN");

        JsonNode handedOver = as(first).put(path, body("assignee", colleague, "version", claimed.get("version").asLong())).json();
        assertThat(handedOver.get("assignee").asText()).isEqualTo(colleague);
        Map<String, Object> unassign = new HashMap<>();
        unassign.put("assignee", null);
        unassign.put("version", handedOver.get("version").asLong());
        assertThat(as(colleague).put(path, unassign).json().has("assignee")).isFalse();
    }

    @Test
    void tagsAndOutcomeAreValidated() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Kho chứa pháo nổ trong khu dân cư");
        Http api = as(fx.officer(unit));
        String base = "/api/admin/tips/" + tip.getId();

        JsonNode tagged = api.put(base + "/tags", body("tags", List.of(" pháo  nổ ", "kho", "kho", ""), "version",
                tip.getVersion())).json();
        assertThat(tagged.get("tags").toString()).isEqualTo("[\"pháo nổ\",\"kho\"]");
        assertThat(api.put(base + "/tags", body("tags", List.of("<script>"), "version", tagged.get("version").asLong()))
                .json().get("reason").asText()).isEqualTo("TAG_INVALID");

        assertThat(api.put(base + "/outcome", body("valuable", false, "outcomes", List.of("ARREST"), "version",
                tagged.get("version").asLong())).json().get("reason").asText()).isEqualTo("OUTCOME_WITHOUT_VALUABLE");
        JsonNode valuable = api.put(base + "/outcome", body("valuable", true, "outcomes", List.of("SEIZURE", "CASE_OPENED"),
                "version", tagged.get("version").asLong())).json();
        assertThat(valuable.get("valuable").asBoolean()).isTrue();
        assertThat(valuable.get("outcomes").toString()).contains("SEIZURE", "CASE_OPENED");
        Http.Response unknownOutcome = api.put(base + "/outcome", body("valuable", true, "outcomes", List.of("MEDAL"),
                "version", valuable.get("version").asLong()));
        assertThat(unknownOutcome.status()).isEqualTo(400);
        assertThat(unknownOutcome.contentType()).startsWith("application/problem+json");
    }

    @Test
    void invalidBodiesAreProblemDetailsNamingTheField() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Bạo lực gia đình ở nhà bên cạnh, thường xuyên");
        Http api = as(fx.officer(unit));
        Http.Response noVersion = api.post("/api/admin/tips/" + tip.getId() + "/status", body("status", "IN_REVIEW"));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.contentType()).startsWith("application/problem+json");
        assertThat(noVersion.json().get("errors").get(0).get("field").asText()).isEqualTo("version");

        Http.Response emptyNote = api.post("/api/admin/tips/" + tip.getId() + "/notes", body("text", "  "));
        assertThat(emptyNote.status()).isEqualTo(400);
        assertThat(emptyNote.json().get("errors").get(0).get("field").asText()).isEqualTo("text");

        Http.Response malformed = api.postRaw("/api/admin/tips/" + tip.getId() + "/notes", "application/json", "{\"text\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(mongo.findById(tip.getId(), Tip.class).getTimeline()).isEmpty();
    }

    @Test
    void theSecondOfTwoConcurrentEditsGets409AndOverwritesNothing() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Buôn lậu thuốc lá qua biên giới bằng xe tải");
        String first = fx.officer(unit);
        String second = fx.officer(unit);
        long seen = as(first).get("/api/admin/tips/" + tip.getId()).json().get("version").asLong();
        long seenToo = as(second).get("/api/admin/tips/" + tip.getId()).json().get("version").asLong();
        assertThat(seenToo).isEqualTo(seen);

        Http.Response won = as(first).post("/api/admin/tips/" + tip.getId() + "/status",
                body("status", "IN_REVIEW", "version", seen));
        assertThat(won.status()).isEqualTo(200);

        Http.Response lost = as(second).put("/api/admin/tips/" + tip.getId() + "/tags",
                body("tags", List.of("buôn lậu"), "version", seenToo));
        assertThat(lost.status()).isEqualTo(409);
        assertThat(lost.contentType()).startsWith("application/problem+json");
        assertThat(lost.json().get("currentVersion").asLong()).isEqualTo(won.json().get("version").asLong());

        Tip stored = mongo.findById(tip.getId(), Tip.class);
        assertThat(stored.getStatus()).isEqualTo(TipStatus.IN_REVIEW);
        assertThat(stored.getTags()).isEmpty();
        assertThat(stored.getTimeline()).extracting(TimelineEntry::kind).containsExactly(TimelineEntry.Kind.STATUS);
    }

    @Test
    void ofManySimultaneousEditsWithTheSameVersionExactlyOneIsWritten() throws Exception {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Nhiều người cùng sửa một tin báo cùng lúc");
        List<String> officers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            officers.add(fx.officer(unit));
        }
        ExecutorService pool = Executors.newFixedThreadPool(officers.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (String officer : officers) {
            results.add(pool.submit(() -> {
                start.await();
                return as(officer).put("/api/admin/tips/" + tip.getId() + "/tags",
                        body("tags", List.of(officer), "version", tip.getVersion())).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        Tip stored = mongo.findById(tip.getId(), Tip.class);
        assertThat(stored.getTimeline()).hasSize(1);
        assertThat(stored.getTags()).containsExactly(stored.getTimeline().get(0).actor());
        assertThat(stored.getVersion()).isEqualTo(tip.getVersion() + 1);
    }

    @Test
    void notesAreAppendedWithoutAVersionAndNeverLost() {
        String unit = fx.unit("a");
        Tip tip = fx.tip(unit, null, "Nghi vấn tổ chức đánh bạc qua mạng");
        String officer = fx.officer(unit);
        Http.Response note = as(officer).post("/api/admin/tips/" + tip.getId() + "/notes", body("text", "Đã liên hệ tổ 3"));
        assertThat(note.status()).isEqualTo(201);
        JsonNode entry = note.json().get("timeline").get(0);
        assertThat(entry.get("kind").asText()).isEqualTo("NOTE");
        assertThat(entry.get("text").asText()).isEqualTo("Đã liên hệ tổ 3");
        assertThat(entry.get("actor").asText()).isEqualTo(officer);
        // A note moves the version on, so an edit based on the older view is refused rather than overwrite it.
        assertThat(as(officer).post("/api/admin/tips/" + tip.getId() + "/status",
                body("status", "IN_REVIEW", "version", tip.getVersion())).status()).isEqualTo(409);
    }

    @Test
    void theDetailShowsTheContactOnlyForANamedTipAndNeverTheReporterKey() {
        String unit = fx.unit("a");
        Tip anonymous = fx.tip(unit, null, "Tin ẩn danh về ma túy ở khu trọ");
        Tip named = tipService.file(new vn.tipline.tip.TipService.NewTip(fx.prefix + ":named", vn.tipline.tip.Topic.FRAUD,
                "Tôi bị lừa chuyển khoản 20 triệu", new Tip.Place("Hà Nội", null, null), "hôm qua", List.of(), false,
                "Nguyễn Văn A 0901234567", "reporter-named", false, "web", "vi"));
        fx.route(named, unit, null);
        String officer = fx.officer(unit);

        Http.Response anon = as(officer).get("/api/admin/tips/" + anonymous.getId());
        assertThat(anon.json().get("anonymous").asBoolean()).isTrue();
        assertThat(anon.json().has("contact")).isFalse();
        assertThat(anon.text()).doesNotContain(anonymous.getReporterKey()).doesNotContain("submissionKey");

        Http.Response withContact = as(officer).get("/api/admin/tips/" + named.getId());
        assertThat(withContact.json().get("contact").asText()).isEqualTo("Nguyễn Văn A 0901234567");
        assertThat(withContact.text()).doesNotContain("reporter-named");
    }
}
