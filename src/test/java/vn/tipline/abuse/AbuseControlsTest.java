package vn.tipline.abuse;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.WebChatClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Flooders are slowed, prolific reporters limited, blocked reporters refused: all politely. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tipline.abuse.messages-per-minute=30", "tipline.abuse.tips-per-hour=2",
                "tipline.officer.admin-password=metrics reader 2026"})
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class AbuseControlsTest {

    @LocalServerPort
    int port;

    @Autowired
    ReporterBlocks blocks;

    @Autowired
    MongoTemplate mongo;

    @Test
    void aFlooderIsToldOnceThenIgnored() {
        WebChatClient flooder = WebChatClient.open(port);
        for (int i = 0; i < 30; i++) {
            flooder.say("spam " + i);
        }
        flooder.say("one too many");
        assertThat(flooder.lastText()).contains("quá nhanh");
        flooder.say("and another");
        assertThat(flooder.texts()).isEmpty();
    }

    @Test
    void aReporterIsLimitedInTipsPerHour() {
        WebChatClient reporter = WebChatClient.open(port);
        reporter.fileAnonymousTip("Tin báo thứ nhất về ma túy ở hẻm 5", "Hẻm 5");
        reporter.fileAnonymousTip("Tin báo thứ hai về ma túy ở hẻm 6", "Hẻm 6");
        reporter.say("/menu").press("Báo tin");
        assertThat(reporter.lastText()).contains("nhiều tin báo");
    }

    @Test
    void aBlockedReporterIsRefusedWithoutAnyoneLearningWhoItIs() {
        WebChatClient reporter = WebChatClient.open(port);
        String code = reporter.fileAnonymousTip("Tin báo để kiểm tra việc chặn người gửi", "Hẻm 7");
        Document tip = mongo.getCollection("tips").find(new Document("code", code)).first();
        blocks.block(tip.getString("reporterKey"), "officer-1", "spam", code);

        reporter.say("xin chào");
        assertThat(reporter.lastText()).contains("tạm thời không nhận tin", "113");
        WebChatClient someoneElse = WebChatClient.open(port);
        someoneElse.say("xin chào");
        assertThat(someoneElse.lastText()).contains("Bạn muốn làm gì?");
        assertThat(mongo.getCollection(ReporterBlocks.COLLECTION).find().first().toJson()).doesNotContain(reporter.session());

        blocks.unblock(tip.getString("reporterKey"), "officer-1");
        reporter.say("xin chào");
        assertThat(reporter.lastText()).contains("Bạn muốn làm gì?");
    }

    @Test
    void metricsAreExposedForPrometheus() throws Exception {
        WebChatClient.open(port).fileAnonymousTip("Tin báo để kiểm tra số liệu đo lường", "Hẻm 8");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as("metrics need an administrator").isEqualTo(401);
        String basic = java.util.Base64.getEncoder().encodeToString("admin:metrics reader 2026".getBytes());
        metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("tipline_tips_filed_total{channel=\"web\"", "tipline_messages_total",
                "tipline_flow_step_seconds");
    }
}
