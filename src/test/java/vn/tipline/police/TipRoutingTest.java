package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.WebChatClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every tip filed through the web chat is routed to the commune police of its place; officers can re-route it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AdminApi.ADMIN_PASSWORD)
@ActiveProfiles("test")
class TipRoutingTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    private Document tip(String code) {
        return mongo.getCollection("tips").find(new Document("code", code)).first();
    }

    private WebChatClient toPlace() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở quán cà phê đầu hẻm mỗi tối");
        return citizen;
    }

    /** An administrator gives a unit's office its position, through the units import. */
    private void importPosition(String unit, String latitude, String longitude) {
        assertThat(new AdminApi(port).post("/api/admin/units/import", "text/csv",
                "code,latitude,longitude\n" + unit + "," + latitude + "," + longitude + "\n").status()).isEqualTo(200);
    }

    private static String afterPlace(WebChatClient citizen) {
        citizen.press("Hôm qua").press("Bỏ qua").press("Gửi ẩn danh").press("Có, gửi đi");
        return citizen.receiptCode();
    }

    @Test
    void aTypedOldAddressGoesToTheCommunePoliceNowCoveringIt() {
        WebChatClient citizen = toPlace().say("Hẻm 42 Lê Lợi, Phường Bến Nghé, Quận 1, TP HCM");
        // The old name is accepted, and the citizen is told what it is now.
        assertThat(citizen.lastText()).contains("Phường Bến Nghé (cũ) nay thuộc Phường Sài Gòn, Thành phố Hồ Chí Minh",
                "Việc này xảy ra khi nào?");
        Document tip = tip(afterPlace(citizen));
        assertThat(tip.getString("unit")).isEqualTo("CAX-26740");
        assertThat(tip.getString("province")).isEqualTo("79");
        assertThat(tip.getString("routing")).isEqualTo("PLACE_TEXT");
        assertThat(tip.get("place", Document.class).getString("text")).isEqualTo("Hẻm 42 Lê Lợi, Phường Bến Nghé, Quận 1, TP HCM");
    }

    @Test
    void aNameSharedByCommunesOfSeveralProvincesIsAskedAndTheChoiceRoutes() {
        WebChatClient citizen = toPlace().say("Xã An Phú");
        assertThat(citizen.lastText()).contains("Có vài phường/xã tên như vậy");
        citizen.press("Xã An Phú — Tỉnh An Giang");
        assertThat(citizen.lastText()).contains("Việc này xảy ra khi nào?");
        Document tip = tip(afterPlace(citizen));
        assertThat(tip.getString("unit")).isEqualTo("CAX-30337");
        assertThat(tip.getString("province")).isEqualTo("91");
        assertThat(tip.getString("routing")).isEqualTo("CHOSEN");

        WebChatClient unsure = toPlace().say("Xã An Phú");
        unsure.press("Không rõ");
        Document national = tip(afterPlace(unsure));
        assertThat(national.get("unit")).isNull();
        assertThat(national.getString("routing")).isEqualTo("NATIONAL");
    }

    @Test
    void aPlaceNamingOnlyAProvinceGoesToTheProvincialPoliceAndNothingUsableToTheNationalQueue() {
        Document daNang = tip(afterPlace(toPlace().say("Gần cầu Rồng, Đà Nẵng")));
        assertThat(daNang.getString("unit")).isEqualTo("CAT-48");
        assertThat(daNang.getString("province")).isEqualTo("48");
        assertThat(daNang.getString("routing")).isEqualTo("PROVINCE");

        Document nowhere = tip(afterPlace(toPlace().say("trong con hẻm gần nhà tôi")));
        assertThat(nowhere.get("unit")).isNull();
        assertThat(nowhere.get("province")).isNull();
        assertThat(nowhere.getString("routing")).isEqualTo("NATIONAL");

        // Hoàng Sa has no commune police: its tips go to Đà Nẵng's.
        Document hoangSa = tip(afterPlace(toPlace().say("Đặc khu Hoàng Sa")));
        assertThat(hoangSa.getString("unit")).isEqualTo("CAT-48");
        assertThat(hoangSa.getString("routing")).isEqualTo("PLACE_TEXT");
    }

    @Test
    void aSharedLocationGoesToTheNearestCommunePoliceOfficeOrItsProvince() {
        importPosition("CAX-20263", "16.0700", "108.2450");

        WebChatClient near = toPlace().shareLocation(16.0712, 108.2461);
        // Acknowledged in words; the coordinates are for officers only.
        assertThat(near.lastText()).containsPattern("📍 Đã nhận: gần Phường [^,]+, Thành phố Đà Nẵng").doesNotContain("16.07");
        near.press("Hôm qua").press("Bỏ qua").press("Gửi ẩn danh");
        assertThat(near.lastText()).contains("Nơi: gần Phường").doesNotContain("16.071200", "108.246100");
        near.press("Có, gửi đi");
        Document nearTip = tip(near.receiptCode());
        assertThat(nearTip.getString("unit")).isEqualTo("CAX-20263");
        assertThat(nearTip.getString("routing")).isEqualTo("LOCATION");

        WebChatClient farther = toPlace().shareLocation(16.2000, 108.1000);
        assertThat(farther.lastText()).contains("trụ sở Công an gần nhất đã biết: Công an phường", "km").doesNotContain("16.2");
        Document fartherTip = tip(afterPlace(farther));
        assertThat(fartherTip.getString("unit")).isEqualTo("CAT-48");
        assertThat(fartherTip.getString("routing")).isEqualTo("PROVINCE");

        WebChatClient far = toPlace().shareLocation(22.3, 103.2);
        assertThat(far.lastText()).contains("📍 Đã nhận: vị trí bạn đã gửi trên bản đồ.");
        Document farTip = tip(afterPlace(far));
        assertThat(farTip.get("unit")).isNull();
        assertThat(farTip.getString("routing")).isEqualTo("NATIONAL");
    }

    /** Office positions are kept in memory between tips: a position an administrator imports counts at once. */
    @Test
    void aPositionImportedAfterALocationWasRoutedCountsForTheNextTip() {
        Document before = tip(afterPlace(toPlace().shareLocation(22.6665, 106.2575)));
        assertThat(before.getString("unit")).isNotEqualTo("CAX-01273");
        importPosition("CAX-01273", "22.6660", "106.2570");

        Document after = tip(afterPlace(toPlace().shareLocation(22.6665, 106.2575)));
        assertThat(after.getString("unit")).isEqualTo("CAX-01273");
        assertThat(after.getString("routing")).isEqualTo("LOCATION");
    }

    /** A unit retired since its position was read (as a new gazetteer edition does, in the store) is not routed to. */
    @Test
    void aUnitRetiredAfterItsPositionWasReadIsNotRoutedTo() {
        importPosition("CAX-01279", "22.7000", "106.3000");
        assertThat(tip(afterPlace(toPlace().shareLocation(22.7004, 106.3004))).getString("unit")).isEqualTo("CAX-01279");
        Query unit = Query.query(Criteria.where("_id").is("CAX-01279"));
        mongo.updateFirst(unit, new Update().set("retired", true), PoliceUnit.class);
        try {
            Document after = tip(afterPlace(toPlace().shareLocation(22.7004, 106.3004)));
            assertThat(after.getString("unit")).isNotEqualTo("CAX-01279");
            assertThat(after.getString("routing")).isNotEqualTo("LOCATION");
        } finally {
            mongo.updateFirst(unit, new Update().set("retired", false), PoliceUnit.class);
        }
    }

    @Test
    void anOfficerReRoutesATipAndTheMoveIsKept() {
        String code = afterPlace(toPlace().say("Phường Bến Thành"));
        assertThat(tip(code).getString("unit")).isEqualTo("CAX-26743");
        long version = tip(code).getLong("version");
        AdminApi api = new AdminApi(port);

        AdminApi.Response moved = api.putJson("/api/admin/tips/" + code + "/unit",
                "{\"unit\": \"cax-26740\", \"reason\": \"Địa điểm thuộc phường Sài Gòn\"}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().get("unit").asText()).isEqualTo("CAX-26740");
        JsonNode history = moved.body().get("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("from").asText()).isEqualTo("CAX-26743");
        assertThat(history.get(0).get("to").asText()).isEqualTo("CAX-26740");
        assertThat(history.get(0).get("by").asText()).isEqualTo("admin");
        assertThat(tip(code).getLong("version")).isEqualTo(version + 1);

        AdminApi.Response national = api.putJson("/api/admin/tips/" + code + "/unit", "{\"unit\": \"NATIONAL\"}");
        assertThat(national.status()).isEqualTo(200);
        assertThat(tip(code).get("unit")).isNull();
        assertThat(tip(code).getList("routingHistory", Document.class)).hasSize(2);
        assertThat(tip(code).getString("routing")).isEqualTo("PLACE_TEXT");

        assertThat(api.putJson("/api/admin/tips/" + code + "/unit", "{\"unit\": \"CAX-20333\"}").raw())
                .contains("has no commune police", "CAT-48");
        assertThat(api.putJson("/api/admin/tips/" + code + "/unit", "{\"unit\": \"CAX-00001\"}").status()).isEqualTo(400);
        assertThat(api.putJson("/api/admin/tips/" + code + "/unit", "{}").status()).isEqualTo(400);
        assertThat(api.putJson("/api/admin/tips/" + code + "/unit", "{\"unit\": ").status()).isEqualTo(400);
        assertThat(api.putJson("/api/admin/tips/TG-2222-2222/unit", "{\"unit\": \"CAT-79\"}").status()).isEqualTo(404);
    }
}
