package vn.tipline.retention;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import vn.tipline.broadcast.Subscriptions;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.web.WebSessions;
import vn.tipline.conversation.EvidenceStore;
import vn.tipline.conversation.Inbound;
import vn.tipline.retention.Retention;
import vn.tipline.retention.RetentionReport;
import vn.tipline.support.EvidenceFiles;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.Images;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.Tip;
import vn.tipline.tip.Topic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention policy against the real embedded store and GridFS, time moved by a test clock:
 * what is purged, what is kept, that a second run purges nothing, the audit trail, and that only
 * administrators reach its API. Defaults: evidence 180 days, relay 90 days, addresses 180 days.
 */
@Import(RetentionPolicyTest.Clocks.class)
class RetentionPolicyTest extends OfficerTestBase {

    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-10T02:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @Autowired
    TestClock clock;
    @Autowired
    Retention retention;
    @Autowired
    EvidenceStore evidence;
    @Autowired
    GridFsTemplate gridFs;
    @Autowired
    WebSessions webSessions;
    @Autowired
    Subscriptions subscriptions;

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private Tip tipWithPhotos(String unit, String description) throws Exception {
        // A photo and a video: retention treats every kind of evidence alike.
        List<String> photos = List.of(evidence.save(new Inbound.Media(Images.jpegWithExif("one"), "image/jpeg")),
                evidence.keep(new Inbound.Media(EvidenceFiles.mp4(1), "video/mp4"), List.of()).id());
        return fx.tip(unit, null, Topic.DRUGS, description, false, photos);
    }

    private JsonNode move(Http api, Tip tip, String... statuses) {
        JsonNode current = api.get("/api/admin/tips/" + tip.getId()).json();
        for (String status : statuses) {
            current = api.post("/api/admin/tips/" + tip.getId() + "/status",
                    body("status", status, "version", current.get("version").asLong())).json();
            assertThat(current.get("status").asText()).isEqualTo(status);
        }
        return current;
    }

    private boolean fileExists(String id) {
        return gridFs.findOne(Query.query(Criteria.where("_id").is(new ObjectId(id)))) != null;
    }

    private RetentionReport runNow() {
        return retention.runNow("test").orElseThrow();
    }

    @Test
    void evidenceOfTipsClosedLongAgoIsPurgedOnceAndTheRestIsKept() throws Exception {
        String unit = fx.unit("r");
        String officerName = fx.officer(unit);
        Http officer = as(officerName);
        Tip closedLongAgo = tipWithPhotos(unit, "Điểm bán ma túy ở hẻm 42, đã xác minh không có");
        Tip open = tipWithPhotos(unit, "Tụ điểm đánh bạc sau chợ, chưa xử lý");
        Tip valuable = tipWithPhotos(unit, "Kho pháo nổ trái phép, đã bắt giữ");
        Tip spam = tipWithPhotos(unit, "Tin nhắn quảng cáo");
        move(officer, closedLongAgo, "IN_REVIEW", "CLOSED");
        move(officer, spam, "REJECTED_SPAM");
        JsonNode actioned = move(officer, valuable, "IN_REVIEW", "ACTIONED");
        officer.put("/api/admin/tips/" + valuable.getId() + "/outcome",
                body("valuable", true, "outcomes", List.of("SEIZURE"), "version", actioned.get("version").asLong()));

        clock.advance(Duration.ofDays(100));
        Tip recentlyClosed = tipWithPhotos(unit, "Xe không biển số chạy lạng lách");
        move(officer, recentlyClosed, "IN_REVIEW", "CLOSED");

        clock.advance(Duration.ofDays(81));
        RetentionReport first = runNow();
        assertThat(first.outcome()).isEqualTo(RetentionReport.DONE);
        assertThat(first.tipsPurged()).isGreaterThanOrEqualTo(2);
        assertThat(first.attachmentsDeleted()).isGreaterThanOrEqualTo(4);

        // The closed and the spam tip lost their photos: files gone, text kept, the purge on the record.
        for (Tip purged : List.of(closedLongAgo, spam)) {
            purged.getAttachments().forEach(id -> assertThat(fileExists(id)).as("file %s", id).isFalse());
            JsonNode detail = officer.get("/api/admin/tips/" + purged.getId()).json();
            assertThat(detail.get("description").asText()).isEqualTo(purged.getDescription());
            assertThat(detail.get("attachments")).hasSize(2).allSatisfy(a -> {
                assertThat(a.get("purged").asBoolean()).isTrue();
                assertThat(a.has("url")).isFalse();
            });
            JsonNode entry = detail.get("timeline").get(detail.get("timeline").size() - 1);
            assertThat(entry.get("kind").asText()).isEqualTo("PURGED");
            assertThat(entry.get("actor").asText()).isEqualTo("system/retention");
            assertThat(entry.get("before").asText()).isEqualTo("2");
            // An old link to a photo is a 404, not an error; the page says the photos were deleted.
            assertThat(officer.get("/api/admin/tips/" + purged.getId() + "/attachments/" + purged.getAttachments().get(0))
                    .status()).isEqualTo(404);
            assertThat(detail.get("status").asText()).isIn("CLOSED", "REJECTED_SPAM");
        }
        // Open, valuable and recently closed tips keep theirs.
        for (Tip kept : List.of(open, valuable, recentlyClosed)) {
            kept.getAttachments().forEach(id -> assertThat(fileExists(id)).as("file %s", id).isTrue());
            JsonNode detail = officer.get("/api/admin/tips/" + kept.getId()).json();
            assertThat(detail.get("attachments")).hasSize(2).allSatisfy(a -> assertThat(a.get("purged").asBoolean()).isFalse());
            assertThat(officer.get(detail.get("attachments").get(0).get("url").asText()).status()).isEqualTo(200);
        }

        // A second run finds nothing left to purge, and changes nothing.
        long version = officer.get("/api/admin/tips/" + closedLongAgo.getId()).json().get("version").asLong();
        RetentionReport second = runNow();
        assertThat(List.of(second.tipsPurged(), second.attachmentsDeleted(), second.relayThreadsUnlinked(),
                second.addressesForgotten())).containsOnly(0);
        assertThat(officer.get("/api/admin/tips/" + closedLongAgo.getId()).json().get("version").asLong()).isEqualTo(version);

        // Both runs are in the audit log under the system actor, with counts and nothing personal.
        JsonNode audit = as(fx.admin()).get("/api/admin/audit?action=RETENTION_RUN&size=500").json();
        List<String> details = new java.util.ArrayList<>();
        audit.get("items").forEach(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("system/retention");
            details.add(e.get("detail").asText());
        });
        assertThat(details).contains(first.summary(), second.summary());
        assertThat(String.join(" ", details)).doesNotContain(closedLongAgo.getCode(), "hẻm 42", "reporter-");

        // The page shows the purge in words instead of a broken image.
        assertThat(mongo.findById(closedLongAgo.getId(), Tip.class).getPurgedAttachments())
                .containsExactlyElementsOf(closedLongAgo.getAttachments());
        PageSession page = new PageSession(port);
        page.signIn(officerName, Fixtures.PASSWORD);
        var html = page.get("/admin/tips/" + closedLongAgo.getId());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Tệp đã xóa theo chính sách lưu trữ dữ liệu",
                "2 tệp bằng chứng đã bị xóa theo chính sách lưu trữ dữ liệu").doesNotContain("/attachments/");
    }

    @Test
    void relayThreadsAndAddressesOfCitizensGoneQuietAreUnlinkedAndForgotten() {
        WebChatClient quiet = WebChatClient.open(port);
        quiet.press("Tìm Công an phường/xã").say("Phường Bến Thành").press("Nhắn tin cho đơn vị này").press("Ẩn danh");
        quiet.say("Có nhóm thanh niên tụ tập đua xe mỗi tối");
        String quietKey = webSessions.reporterKey(quiet.session());
        WebChatClient subscriber = WebChatClient.open(port);
        subscriber.say("/help");
        String subscriberKey = webSessions.reporterKey(subscriber.session());
        subscriptions.subscribe(subscriberKey, "web", null, null, List.of(), "vi");
        assertThat(mongo.exists(Query.query(Criteria.where("reporterKey").is(quietKey)), "relay_threads")).isTrue();

        clock.advance(Duration.ofDays(91));
        // Conversations are forgotten after 30 idle days (the conversation sweeper's job, which also drops
        // the copy the service keeps of a conversation in use).
        for (String key : List.of(quietKey, subscriberKey)) {
            conversations.changeStored(key, () -> mongo.remove(Query.query(Criteria.where("_id").is(key)), "conversations"));
        }
        RetentionReport relay = runNow();
        assertThat(relay.relayThreadsUnlinked()).isGreaterThanOrEqualTo(1);
        Document thread = mongo.getCollection("relay_threads").find(new Document("messages.text",
                "Có nhóm thanh niên tụ tập đua xe mỗi tối")).first();
        assertThat(thread).isNotNull();
        assertThat(thread.containsKey("reporterKey")).isFalse();
        assertThat(thread.getString("status")).isEqualTo("CLOSED");
        assertThat(thread.getString("closedBy")).isEqualTo("RETENTION");
        // Addresses are kept for 180 days.
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(quietKey)), "reporter_addresses")).isTrue();

        clock.advance(Duration.ofDays(90));
        RetentionReport addresses = runNow();
        assertThat(addresses.addressesForgotten()).isGreaterThanOrEqualTo(1);
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(quietKey)), "reporter_addresses")).isFalse();
        // A news subscriber stays reachable.
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(subscriberKey)), "reporter_addresses")).isTrue();
        assertThat(runNow().addressesForgotten()).isZero();

        // A citizen who comes back is reachable again.
        quiet.say("/help");
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(quietKey)), "reporter_addresses")).isTrue();
    }

    @Autowired
    ConversationService conversations;

    @Test
    void theDailyRunHappensOncePerDayAndNeverTwiceAtOnce() {
        clock.advance(Duration.ofDays(1));
        assertThat(retention.runDaily()).isPresent();
        // Another instance's cron, the same day: nothing to do.
        assertThat(retention.runDaily()).isEmpty();
        clock.advance(Duration.ofDays(1));

        // Another instance holds the lease: no run here, and the API says so.
        mongo.updateFirst(Query.query(Criteria.where("_id").is("retention")),
                new Update().set("holder", "another-instance").set("until", clock.now.plus(Duration.ofMinutes(10))),
                "retention_state");
        assertThat(retention.runDaily()).isEmpty();
        String admin = fx.admin();
        assertThat(as(admin).post("/api/admin/retention/run", "").status()).isEqualTo(409);
        assertThat(as(admin).get("/api/admin/retention").json().get("running").asBoolean()).isTrue();

        clock.advance(Duration.ofMinutes(11));
        assertThat(retention.runDaily()).isPresent();
        assertThat(as(admin).get("/api/admin/retention").json().get("running").asBoolean()).isFalse();
    }

    @Test
    void onlyAdministratorsSeeThePolicyAndRunIt() {
        String unit = fx.unit("x");
        Http officer = as(fx.officer(unit));
        Http supervisor = as(fx.supervisor(fx.province("x")));
        for (Http denied : List.of(officer, supervisor)) {
            assertThat(denied.get("/api/admin/retention").status()).isEqualTo(403);
            assertThat(denied.post("/api/admin/retention/run", "").status()).isEqualTo(403);
        }
        assertThat(anonymous().get("/api/admin/retention").status()).isEqualTo(401);

        String adminName = fx.admin();
        Http admin = as(adminName);
        JsonNode status = admin.get("/api/admin/retention").json();
        assertThat(status.get("policy").get("attachmentsDays").asInt()).isEqualTo(180);
        assertThat(status.get("policy").get("relayDays").asInt()).isEqualTo(90);
        assertThat(status.get("policy").get("addressesDays").asInt()).isEqualTo(180);
        assertThat(status.get("policy").get("keepsValuable").asBoolean()).isTrue();
        assertThat(status.get("policy").get("zone").asText()).isEqualTo("Asia/Ho_Chi_Minh");

        Http.Response run = admin.post("/api/admin/retention/run", "");
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().get("trigger").asText()).isEqualTo("manual");
        assertThat(run.json().get("outcome").asText()).isEqualTo("done");
        assertThat(admin.get("/api/admin/retention").json().get("lastRun").get("startedAt").asText())
                .isEqualTo(run.json().get("startedAt").asText());
        assertThat(admin.get("/api/admin/audit?action=RETENTION_REQUEST&actor=" + adminName).json().get("items"))
                .hasSize(1);
        assertThat(anonymous().get("/api/docs").text()).contains("/api/admin/retention/run");
    }
}
