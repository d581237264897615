package vn.tipline.store;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;
import vn.tipline.support.ServiceProcess;
import vn.tipline.support.WebChatClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the citizen was told is saved stays saved: across a clean restart and across kill -9. */
class RestartAndCrashTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // Command-line arguments: they outrank the test profile's per-context data directory.
        return new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.store.data-dir=" + dataDir, "--server.port=0");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void tipsAndConversationsSurviveARestartWithTheSameDataDirectory() {
        String code;
        String session;
        try (ConfigurableApplicationContext first = start()) {
            WebChatClient reporter = WebChatClient.open(port(first));
            code = reporter.fileAnonymousTip("Có người bán ma túy ở quán cà phê đầu hẻm mỗi tối", "Hẻm 12 Lê Lợi");
            WebChatClient midway = WebChatClient.open(port(first));
            midway.press("Báo tin").press("Lừa đảo").say("Tin nhắn giả danh ngân hàng yêu cầu chuyển tiền gấp");
            assertThat(midway.lastText()).contains("xảy ra ở đâu");
            session = midway.session();
        }
        try (ConfigurableApplicationContext second = start()) {
            WebChatClient checker = WebChatClient.open(port(second));
            checker.say("/status " + code);
            assertThat(checker.lastText()).contains(code, "mới tiếp nhận");

            WebChatClient resumed = WebChatClient.resume(port(second), session);
            resumed.say("Online, qua tin nhắn SMS");
            assertThat(resumed.lastText()).contains("xảy ra khi nào");
            assertThat(second.getBean(StoreLocation.class).isEmbedded()).isTrue();
        }
    }

    @Test
    void anAcknowledgedTipSurvivesKillDashNine() throws Exception {
        List<String> codes = new ArrayList<>();
        ServiceProcess child = ServiceProcess.start(dataDir, ServiceProcess.freePort(), List.of());
        try {
            child.awaitHealthy(Duration.ofSeconds(180));
            WebChatClient reporter = WebChatClient.open(child.port());
            for (int i = 0; i < 3; i++) {
                codes.add(reporter.fileAnonymousTip("Tin báo số " + i + " về một điểm bán ma túy", "Hẻm " + i));
            }
        } finally {
            child.kill(); // SIGKILL: no shutdown hook, no final commit
        }
        assertThat(child.exitValue()).isEqualTo(137);
        try (ConfigurableApplicationContext after = start()) {
            MongoTemplate mongo = after.getBean(MongoTemplate.class);
            for (String code : codes) {
                assertThat(mongo.getCollection("tips").countDocuments(new Document("code", code)))
                        .as("tip %s acknowledged before the kill", code).isEqualTo(1);
            }
        }
    }
}
