package vn.tipline.channel.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.WebChatClient;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and broken requests get a clear problem detail or a polite reply; never a 500, nothing lost. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class WebChatBadInputTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void malformedJsonIsABadRequestProblem() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        HttpResponse<String> response = citizen.postRaw("application/json", "{\"text\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        assertThat(response.body()).contains("\"status\":400");
    }

    @Test
    void wrongMediaTypeIsRefusedClearly() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        HttpResponse<String> response = citizen.postRaw("text/plain", "hello");
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void emptyBodyGetsAPoliteReply() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        HttpResponse<String> response = citizen.postRaw("application/json", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("chưa nhận được nội dung");
    }

    @Test
    void outOfRangeLocationIsABadRequest() throws Exception {
        WebChatClient citizen = WebChatClient.open(port);
        HttpResponse<String> response = citizen.postRaw("application/json", "{\"latitude\": 200, \"longitude\": 10}");
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void aFileDisguisedAsAPhotoIsDeclinedPolitelyAndTheDraftKept() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở đầu hẻm mỗi tối").say("Hẻm 42").press("Hôm nay");
        citizen.sendPhoto("%PDF-1.4 not an image".getBytes(), "image/jpeg");
        assertThat(citizen.lastText()).contains("không khớp với loại tệp");
        citizen.press("Bỏ qua").press("Gửi ẩn danh");
        assertThat(citizen.lastText()).contains("Có người bán ma túy ở đầu hẻm mỗi tối");
    }

    @Test
    void hostileHtmlIsStoredAsTextAndReturnedAsJsonText() {
        WebChatClient citizen = WebChatClient.open(port);
        String payload = "<script>alert(1)</script><img src=x onerror=alert(2)> bán ma túy";
        citizen.press("Báo tin").press("Ma túy").say(payload).say("Hẻm 42").press("Hôm nay").press("Bỏ qua")
                .press("Gửi ẩn danh");
        assertThat(citizen.lastText()).contains(payload);
        citizen.press("Có, gửi đi");
        String code = citizen.receiptCode();
        org.bson.Document tip = mongo.getCollection("tips").find(new org.bson.Document("code", code)).first();
        assertThat(tip.getString("description")).isEqualTo(payload);
    }

    @Test
    void logsNeverContainTheSessionOrTheTipText(CapturedOutput output) {
        WebChatClient citizen = WebChatClient.open(port);
        String code = citizen.fileAnonymousTip("Điểm bán ma túy bí mật sau chợ cá", "Chợ cá Phước Tỉnh");
        assertThat(output.getAll()).contains(code);
        assertThat(output.getAll()).doesNotContain(citizen.session()).doesNotContain("bí mật sau chợ cá")
                .doesNotContain("Chợ cá Phước Tỉnh");
    }
}
