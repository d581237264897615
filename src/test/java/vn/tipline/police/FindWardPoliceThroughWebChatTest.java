package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.WebChatClient;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A citizen finds the police unit of a place through the web chat: by name, old name, province lists, location. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AdminApi.ADMIN_PASSWORD)
@ActiveProfiles("test")
class FindWardPoliceThroughWebChatTest {

    @LocalServerPort
    int port;

    private WebChatClient findPolice() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Tìm Công an phường/xã");
        assertThat(citizen.lastText()).contains("Bạn ở phường/xã nào?", "113");
        assertThat(citizen.lastMessages().get(0).get("askLocation").asBoolean()).isTrue();
        return citizen;
    }

    private static List<String> labels(WebChatClient citizen) {
        List<String> labels = new ArrayList<>();
        for (JsonNode message : citizen.lastMessages()) {
            message.path("buttons").forEach(b -> labels.add(b.get("label").asText()));
        }
        return labels;
    }

    @Test
    void anOldNameLeadsToTheUnitNowCoveringItWithNothingInvented() {
        WebChatClient citizen = findPolice().say("Phường Bến Nghé, Quận 1");
        assertThat(citizen.lastText()).contains("Phường Bến Nghé (cũ) nay thuộc Phường Sài Gòn",
                "👮 Công an phường Sài Gòn", "Địa bàn: Phường Sài Gòn, Thành phố Hồ Chí Minh", "113");
        assertThat(labels(citizen)).contains("✉️ Nhắn tin cho đơn vị này", "🔎 Tìm nơi khác");
    }

    @Test
    void aUnitWithoutContactDetailsSaysSo() {
        WebChatClient citizen = findPolice().say("xa ba na");
        assertThat(citizen.lastText()).contains("👮 Công an xã Bà Nà", "Địa chỉ: chưa có trong hệ thống",
                "Điện thoại: chưa có trong hệ thống", "chưa có địa chỉ, số điện thoại của đơn vị này",
                "vẫn có thể nhắn tin");
    }

    @Test
    void anAmbiguousNameAsksForTheProvinceWithButtons() {
        WebChatClient citizen = findPolice().say("xa an phu");
        assertThat(citizen.lastText()).contains("Có nhiều nơi tên «xa an phu». Ở tỉnh/thành nào?");
        assertThat(labels(citizen)).contains("Tỉnh An Giang", "Thành phố Hải Phòng", "🔎 Tìm lại");
        citizen.press("Tỉnh An Giang");
        assertThat(citizen.lastText()).contains("👮 Công an xã An Phú", "Tỉnh An Giang");

        WebChatClient other = findPolice().say("Phường 1");
        other.press("Thành phố Hồ Chí Minh");
        assertThat(other.lastText()).contains("Chọn phường/xã");
        assertThat(labels(other)).anyMatch(l -> l.equals("Phường Bàn Cờ ← Phường 1, Quận 3"));
        other.press("Phường Bàn Cờ ← Phường 1, Quận 3");
        assertThat(other.lastText()).contains("Phường 1 (cũ) nay thuộc Phường Bàn Cờ", "Công an phường Bàn Cờ");
    }

    @Test
    void provinceThenCommunePickingIsPagedAndTypedNamesWork() {
        WebChatClient citizen = findPolice().press("Chọn theo tỉnh/thành");
        assertThat(citizen.lastText()).contains("Chọn tỉnh/thành (1/5)");
        assertThat(labels(citizen)).contains("➡️ Trang sau").doesNotContain("⬅️ Trang trước");
        citizen.press("Trang sau");
        assertThat(citizen.lastText()).contains("(2/5)");
        assertThat(labels(citizen)).contains("⬅️ Trang trước");
        // A province's name can be typed instead of paging to it.
        citizen.say("da nang");
        assertThat(citizen.lastText()).contains("Chọn phường/xã (1/");
        assertThat(labels(citizen)).hasSize(8 + 2).contains("➡️ Trang sau", "🔎 Tìm lại");
        citizen.say("Hải Châu");
        assertThat(citizen.lastText()).contains("👮 Công an phường Hải Châu");
    }

    @Test
    void aSpecialZoneWithoutCommunePoliceLeadsToTheProvincialPolice() {
        WebChatClient citizen = findPolice().say("Hoàng Sa");
        assertThat(citizen.lastText()).contains("Đặc khu Hoàng Sa không có Công an cấp xã; Công an Thành phố Đà Nẵng phụ trách",
                "👮 Công an Thành phố Đà Nẵng");
    }

    @Test
    void aSharedLocationListsTheNearestUnitsWithCoordinates() {
        AdminApi api = new AdminApi(port);
        assertThat(api.post("/api/admin/units/import", "text/csv", """
                code,address,latitude,longitude
                CAX-20257,Trụ sở Hòa Cường,16.0330,108.2220
                CAX-20260,Trụ sở Cẩm Lệ,16.0150,108.2000
                """).status()).isEqualTo(200);
        WebChatClient citizen = findPolice().shareLocation(16.0320, 108.2210);
        assertThat(labels(citizen).get(0)).startsWith("Công an phường Hòa Cường (0,2 km)");
        assertThat(labels(citizen).get(1)).startsWith("Công an phường Cẩm Lệ (");
        citizen.press("Hòa Cường");
        assertThat(citizen.lastText()).contains("📍 Địa chỉ: Trụ sở Hòa Cường");

        WebChatClient far = findPolice().shareLocation(22.8, 105.0);
        assertThat(far.lastText()).contains("chưa có vị trí trụ sở Công an nào gần điểm này");
        WebChatClient abroad = findPolice().shareLocation(48.8566, 2.3522);
        assertThat(abroad.lastText()).contains("nằm ngoài Việt Nam");
    }

    @Test
    void badQueriesGetAClearAnswerAndTheQuestionAgain() {
        WebChatClient citizen = findPolice().say("😀😀😀");
        assertThat(citizen.lastText()).contains("không đọc được tên nào", "Bạn ở phường/xã nào?");
        citizen.say("x".repeat(200));
        assertThat(citizen.lastText()).contains("Tên quá dài (tối đa 150 ký tự)");
        citizen.say("Bangkok, Thailand");
        assertThat(citizen.lastText()).contains("Không tìm thấy phường/xã nào tên «Bangkok, Thailand» ở Việt Nam");
        citizen.say("Москва");
        assertThat(citizen.lastText()).contains("Không tìm thấy");
        citizen.say("a");
        assertThat(citizen.lastText()).contains("ít nhất 2 ký tự");
        citizen.say("<script>alert(1)</script>");
        assertThat(citizen.lastText()).contains("Không tìm thấy");
        // Typos and prefixes still find.
        citizen.say("ben ngeh");
        assertThat(citizen.lastText()).contains("Công an phường Sài Gòn");
    }

    @Test
    void theWholeSearchWorksInEnglish() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("/lang en").press("Find my ward police");
        assertThat(citizen.lastText()).contains("Which ward or commune are you in?");
        citizen.say("ben nghe");
        assertThat(citizen.lastText()).contains("Phường Bến Nghé (former name) is now part of Phường Sài Gòn",
                "Address: not on file", "Emergency: call 113");
        citizen.press("Find another place").say("q1");
        assertThat(citizen.lastText()).contains("Quận 1 (former) now covers the communes below.", "Pick the ward or commune");
        assertThat(labels(citizen)).contains("Phường Bến Thành", "Phường Sài Gòn", "Phường Tân Định", "Phường Cầu Ông Lãnh");
    }
}
