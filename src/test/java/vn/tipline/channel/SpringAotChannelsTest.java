package vn.tipline.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor;
import vn.tipline.Application;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.ServiceProcess;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as the Dockerfile builds it: Spring AOT processes it once, without a Telegram token and
 * (here) with Zalo configured; it then starts with a token and without Zalo. The channels follow the
 * settings of the start, not those of the build.
 */
class SpringAotChannelsTest {

    @TempDir
    Path dir;

    @Test
    void anAotBuiltServiceTurnsEachChannelOnOrOffFromTheSettingsItStartsWith() throws Exception {
        Path classes = processAheadOfTime(List.of("--spring.profiles.active=test",
                "--tipline.store.data-dir=" + dir.resolve("build-data"),
                "--tipline.zalo.app-id=built-with-zalo", "--tipline.zalo.oa-secret-key=built-with-zalo"));

        try (FakeTelegram telegram = FakeTelegram.start();
             ServiceProcess service = ServiceProcess.startAot(dir.resolve("data"), ServiceProcess.freePort(), classes,
                     List.of("--tipline.telegram.bot-token=" + FakeTelegram.TOKEN, "--tipline.telegram.api-url=" + telegram.url()))) {
            service.awaitHealthy(Duration.ofSeconds(90));
            Instant deadline = Instant.now().plusSeconds(30);
            while (telegram.calls("getUpdates").isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(telegram.calls("getUpdates")).as("Telegram polls: " + service.log()).isNotEmpty();
            assertThat(service.log()).contains("Telegram channel on");

            HttpResponse<String> zalo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url("/webhook/zalo")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(zalo.statusCode()).as("Zalo is off at this start").isEqualTo(404);
        }
    }

    /** What the spring-boot-maven-plugin's process-aot goal does: generate the initializer, then compile it. */
    private Path processAheadOfTime(List<String> buildArgs) throws Exception {
        Path sources = dir.resolve("aot-sources");
        Path classes = dir.resolve("aot-classes");
        AbstractAotProcessor.Settings settings = AbstractAotProcessor.Settings.builder().sourceOutput(sources)
                .resourceOutput(dir.resolve("aot-resources")).classOutput(classes)
                .groupId("vn.tipline").artifactId("tipline").build();
        new SpringApplicationAotProcessor(Application.class, settings, buildArgs.toArray(String[]::new)).process();

        List<Path> generated;
        try (Stream<Path> files = Files.walk(sources)) {
            generated = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean compiled = javac.getTask(null, files, null,
                    List.of("-proc:none", "-d", classes.toString(), "-cp", System.getProperty("java.class.path")),
                    null, files.getJavaFileObjectsFromPaths(generated)).call();
            assertThat(compiled).as("the AOT sources compile").isTrue();
        }
        return classes;
    }
}
