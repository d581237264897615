package vn.tipline.store;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;
import vn.tipline.conversation.EvidenceStore;
import vn.tipline.support.EvidenceFiles;
import vn.tipline.support.ServiceProcess;
import vn.tipline.support.WebChatClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 while a large video is being uploaded and stored: the files the citizen was told were
 * received are all there, whole, and become the tip's; chunks of the interrupted one are swept.
 */
class EvidenceCrashTest {

    @TempDir
    Path dataDir;

    @Test
    void killDashNineDuringALargeUploadLosesNothingAcknowledgedAndLeavesNoOrphanChunks() throws Exception {
        String session;
        ServiceProcess child = ServiceProcess.start(dataDir, ServiceProcess.freePort(), List.of());
        try {
            child.awaitHealthy(Duration.ofSeconds(180));
            WebChatClient reporter = WebChatClient.open(child.port());
            session = reporter.session();
            reporter.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở quán cà phê đầu hẻm 12 mỗi tối")
                    .say("Hẻm 12 đường Lê Lợi").press("Hôm qua");
            reporter.sendFile(EvidenceFiles.oggOpus(3), "audio/ogg", "voice.ogg");
            assertThat(reporter.lastText()).contains("1/5");
            reporter.sendFile(EvidenceFiles.mp4(60_000), "video/mp4", "clip.mp4");
            assertThat(reporter.lastText()).contains("2/5");
            // About 15 MB: cleaned and written in 255 kB chunks while the process is killed.
            byte[] large = EvidenceFiles.mp4(300_000);
            WebChatClient other = WebChatClient.resume(child.port(), session);
            CompletableFuture.runAsync(() -> {
                try {
                    other.sendFile(large, "video/mp4", "large.mp4");
                } catch (RuntimeException killed) {
                    // Expected: the connection dies with the process.
                }
            });
            Thread.sleep(1500);
        } finally {
            child.kill();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (ConfigurableApplicationContext after = new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.store.data-dir=" + dataDir, "--server.port=0")) {
            int port = ((WebServerApplicationContext) after).getWebServer().getPort();
            MongoTemplate mongo = after.getBean(MongoTemplate.class);
            WebChatClient resumed = WebChatClient.resume(port, session);
            // The page after a reload has no buttons yet: the citizen types what the button says.
            resumed.say("Xong");
            assertThat(resumed.lastText()).as("the draft survived").contains("ẩn danh");
            resumed.press("Gửi ẩn danh").press("Có, gửi đi");
            String code = resumed.receiptCode();
            Document tip = mongo.getCollection("tips").find(new Document("code", code)).first();
            List<String> attachments = tip.getList("attachments", String.class);
            // The two acknowledged files, and the large one only if its answer was on its way.
            assertThat(attachments.size()).isBetween(2, 3);
            Map<Object, Long> chunkBytes = chunkBytes(mongo);
            for (String id : attachments) {
                Document file = mongo.getCollection("evidence.files").find(new Document("_id", new ObjectId(id))).first();
                assertThat(file).as("file %s", id).isNotNull();
                assertThat(chunkBytes.get(file.get("_id"))).as("chunks of %s", id).isEqualTo(file.getLong("length"));
            }

            // Once the tip holds its files, the sweep (with every draft older than now) removes what the kill left.
            after.getBean(EvidenceStore.class).discardAbandoned(Instant.now().plusSeconds(5));
            Set<Object> files = new HashSet<>();
            mongo.getCollection("evidence.files").find().forEach(f -> files.add(f.get("_id")));
            assertThat(chunkBytes(mongo).keySet()).as("chunks without a file").isSubsetOf(files);
            assertThat(files).hasSize(attachments.size());
        }
    }

    private static Map<Object, Long> chunkBytes(MongoTemplate mongo) {
        Map<Object, Long> bytes = new HashMap<>();
        mongo.getCollection("evidence.chunks").find().forEach(c ->
                bytes.merge(c.get("files_id"), (long) c.get("data", Binary.class).length(), Long::sum));
        return bytes;
    }
}
