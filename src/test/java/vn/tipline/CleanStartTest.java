package vn.tipline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.ServiceProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployer's first start on a fresh data directory, as the README gives it (an administrator's
 * password set), then a stop, prints no warning: a warning there would send them looking for a fault
 * that is not one. The service runs in its own JVM, so no other test's context writes into its log.
 * Telegram is on (a fake Bot API on loopback), so the channel's start-up (commands, polling) is seen too.
 */
class CleanStartTest {

    @TempDir
    Path dataDir;

    private static String get(ServiceProcess service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url(path))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aFreshStartAndAStopLogNoWarningOrError() throws Exception {
        FakeTelegram telegram = FakeTelegram.start();
        ServiceProcess service = ServiceProcess.start(dataDir, ServiceProcess.freePort(),
                List.of("--tipline.officer.admin-password=Clean-Start-Pass-2026",
                        "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                        "--tipline.telegram.api-url=" + telegram.url(),
                        "--tipline.telegram.poll-timeout=PT1S"));
        try {
            service.awaitHealthy(Duration.ofSeconds(180));
            // Until the gazetteer is stored and loaded (in the background); then the pages a visitor opens.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> get(service, "/actuator/health").contains("\"gazetteer\":{\"status\":\"UP\"}"));
            assertThat(get(service, "/chat")).contains("chat.js");
            assertThat(get(service, "/api/docs")).contains("/api/chat/sessions");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> telegram.calls("setMyCommands").size() >= 3);
            service.stop();
        } finally {
            service.close();
            telegram.close();
        }
        // Every command the bot answers is in its menu, in each language (the flows' own commands included).
        assertThat(telegram.calls("setMyCommands")).allSatisfy(call -> assertThat(call.params().path("commands").toString())
                .contains("\"status\"", "\"reply\"", "\"help\"", "\"cancel\""));
        assertThat(service.exitValue()).as("a graceful stop").isNotEqualTo(137);
        String log = service.log();
        // The test profile logs the service's own INFO lines and everything else from WARN up.
        assertThat(log).as("the start-up was logged").contains("Embedded MongoDB-compatible store");
        // Tomcat warns when the machine is slow to seed a SecureRandom: the host's load, not a fault here.
        assertThat(log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .filter(l -> !l.contains("SessionIdGeneratorBase"))).isEmpty();
    }
}
