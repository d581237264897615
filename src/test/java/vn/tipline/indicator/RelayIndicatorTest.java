package vn.tipline.indicator;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.tipline.channel.web.WebSessions;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.Tip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number a citizen tells their ward police through the relay is an indicator like one in a tip,
 * end to end: web chat, relay, the police module's event, the indicators API. It counts in the
 * scope of the thread's unit; elsewhere it is only counted with the unit's name, never its thread.
 */
class RelayIndicatorTest extends OfficerTestBase {

    private static final String BEN_THANH = "CAX-26743";
    private static final Pattern THREAD = Pattern.compile("TN-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");

    @Autowired
    WebSessions webSessions;
    @Autowired
    RelayIndexer relayIndexer;

    private static JsonNode row(JsonNode ranking, String value) {
        for (JsonNode item : ranking.path("indicators")) {
            if (item.path("value").asText().equals(value)) {
                return item;
            }
        }
        return null;
    }

    private static List<String> strings(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void aNumberToldToTheWardPoliceCountsInTheirScopeOnly() {
        String phone = IndicatorsForTests.newPhone();
        String e164 = IndicatorsForTests.e164(phone);
        String otherWard = fx.unit("b");
        Tip elsewhere = fx.tip(otherWard, fx.province("2"), "Số " + phone + " gọi giả danh ngân hàng, đòi mã OTP.");

        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Tìm Công an phường/xã").say("Phường Bến Thành").press("Nhắn tin cho đơn vị này").press("Ẩn danh");
        Matcher code = THREAD.matcher(citizen.lastText());
        assertThat(code.find()).as("thread code in %s", citizen.lastText()).isTrue();
        String thread = code.group();
        citizen.say("Hôm qua số " + phone + " gọi cho mẹ tôi tự xưng công an phường, bắt chuyển 20 triệu.");
        assertThat(citizen.lastText()).contains("✓ Đã gửi tới");

        JsonNode mine = row(as(fx.officer(BEN_THANH)).get("/api/admin/indicators?days=7").json(), e164);
        assertThat(mine).as("the ward's officer sees the number").isNotNull();
        assertThat(mine.path("inScope").asInt()).isEqualTo(1);
        assertThat(strings(mine.path("threads"))).containsExactly(thread);
        assertThat(mine.path("elsewhere").asInt()).isEqualTo(1);
        assertThat(strings(mine.path("units"))).contains(otherWard).anyMatch(u -> u.contains("Bến Thành"));
        assertThat(mine.toString()).doesNotContain(elsewhere.getCode(), elsewhere.getId());

        // The other ward's officer sees their tip, and the relay only as a count with the unit's name.
        JsonNode theirs = row(as(fx.officer(otherWard)).get("/api/admin/indicators?days=7").json(), e164);
        assertThat(theirs.path("inScope").asInt()).isEqualTo(1);
        assertThat(theirs.path("elsewhere").asInt()).isEqualTo(1);
        assertThat(strings(theirs.path("threads"))).isEmpty();
        assertThat(theirs.toString()).doesNotContain(thread, "20 triệu").contains("Bến Thành");
        JsonNode onTip = as(fx.officer(otherWard)).get("/api/admin/indicators/tips/" + elsewhere.getId()).json();
        assertThat(onTip.toString()).contains(e164, "Bến Thành").doesNotContain(thread);

        // A third ward's officer: nothing.
        assertThat(row(as(fx.officer(fx.unit("c"))).get("/api/admin/indicators?days=7").json(), e164)).isNull();

        // The ward's officer may confirm it on the strength of the relay alone.
        String id = IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, e164, null));
        assertThat(as(fx.officer(BEN_THANH)).post("/api/admin/indicators/" + id + "/confirm",
                Map.of("reason", "Đã xác minh với nạn nhân")).status()).isEqualTo(200);

        Document stored = mongo.getCollection(IndicatorRecord.COLLECTION).find(new Document("_id", id)).first();
        assertThat(stored.toJson()).contains(thread, BEN_THANH).doesNotContain(citizen.session(),
                webSessions.reporterKey(citizen.session()), "reporterKey", "20 triệu");
    }

    @Test
    void relayMessagesStoredBeforeTheFeatureAreIndexedOnce() {
        String told = IndicatorsForTests.newPhone();
        String answered = IndicatorsForTests.newPhone();
        String thread = "TN-OLD" + (1000 + new Random().nextInt(9000));
        Date at = Date.from(Instant.parse("2026-05-01T03:00:00Z"));
        // As the police module stored it before indicators existed: no event was ever published for it.
        mongo.insert(new Document("_id", UUID.randomUUID().toString()).append("code", thread).append("unit", BEN_THANH)
                .append("unitName", "Công an phường Bến Thành").append("reporterKey", "rk-old").append("language", "vi").append("anonymous", true).append("status", "OPEN")
                .append("messages", List.of(
                        new Document("from", "CITIZEN").append("text", "Số " + told + " gọi lừa tôi.").append("at", at),
                        new Document("from", "UNIT").append("text", "Gọi " + answered + " để được hỗ trợ.").append("at", at)))
                .append("createdAt", at).append("updatedAt", at), "relay_threads");
        mongo.remove(Query.query(Criteria.where("_id").is(RelayIndexer.BACKFILL)), Backfills.META);

        relayIndexer.indexEarlierMessagesOnce();
        relayIndexer.indexEarlierMessagesOnce();

        IndicatorRecord indexed = mongo.findById(IndicatorStore.idOf(
                new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(told), null)), IndicatorRecord.class);
        assertThat(indexed).isNotNull();
        assertThat(indexed.relays()).singleElement().satisfies(relay -> {
            assertThat(relay.thread()).isEqualTo(thread);
            assertThat(relay.unit()).isEqualTo(BEN_THANH);
            assertThat(relay.province()).isNotBlank();
        });
        assertThat(indexed.toString()).doesNotContain("rk-old");
        // What the unit wrote is not the citizen's report.
        assertThat(mongo.findById(IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(answered), null)),
                IndicatorRecord.class)).isNull();
        assertThat(mongo.findById(RelayIndexer.BACKFILL, Document.class, Backfills.META).getString("state")).isEqualTo("done");
    }
}
