package vn.tipline.conversation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.tipline.Application;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken flow file stops startup with a message naming file, node and problem. */
@ExtendWith(OutputCaptureExtension.class)
class BrokenFlowStartupTest {

    @TempDir
    Path dir;

    @Test
    void startupFailsWithAReadableReport(CapturedOutput output) throws Exception {
        Path flows = Files.createDirectories(dir.resolve("flows"));
        for (FlowSource source : EngineHarness.sources()) {
            String content = source.name().equals("report.yaml")
                    ? source.content().replace("next: place", "next: plaec") : source.content();
            Files.writeString(flows.resolve(source.name()), content);
        }
        assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.flows.dir=" + flows, "--tipline.store.data-dir=" + dir.resolve("data"), "--server.port=0"))
                .hasRootCauseInstanceOf(FlowValidationException.class);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("report.yaml: node 'description': target 'plaec' does not exist")
                .contains("conversation-flows/README.md");
    }
}
