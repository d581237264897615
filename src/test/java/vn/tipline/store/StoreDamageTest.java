package vn.tipline.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.tipline.Application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage that a crash cannot explain (a flipped byte with valid records after it) never costs the
 * records after it: the start stops with one line naming the file, the place and what to do, and
 * changes no file; salvage mode keeps every readable record and the damaged original. A crash's torn
 * last write is still dropped silently.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreDamageTest {

    private static final int TIPS = 112;

    @TempDir
    Path dir;

    /** 112 acknowledged tips, each its own log record, left in the log (no snapshot yet). */
    private Path logWithTips() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> tips = client.getDatabase("t").getCollection("tips");
            for (int i = 0; i < TIPS; i++) {
                tips.insertOne(new Document("_id", i).append("text", "Tin báo số " + i + " về một điểm bán ma túy"));
            }
        }
        return dir.resolve("tipline-0.wal");
    }

    private static void flipByteInTheMiddle(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static long count(Path dir, boolean salvage) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, false, salvage);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            return client.getDatabase("t").getCollection("tips").countDocuments();
        }
    }

    @Test
    void aDamagedByteInTheMiddleOfTheLogStopsTheStartWithOneLineAndChangesNoFile() throws IOException {
        Path wal = logWithTips();
        flipByteInTheMiddle(wal);
        Map<String, byte[]> before = contents(dir);

        assertThatThrownBy(() -> EmbeddedMongoServer.start(dir))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining(wal.toAbsolutePath().toString())
                .hasMessageMatching("(?s)[^\\n]*damaged at byte \\d+[^\\n]*TIPLINE_STORE_SALVAGE=true[^\\n]*")
                .hasNoCause();

        Map<String, byte[]> after = contents(dir);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void salvageKeepsEveryRecordAfterTheDamagedOneAndTheDamagedOriginal() throws IOException {
        Path wal = logWithTips();
        flipByteInTheMiddle(wal);
        byte[] damaged = Files.readAllBytes(wal);

        // One tip's record held the flipped byte; every other one is kept.
        assertThat(count(dir, true)).isEqualTo(TIPS - 1);

        Path aside;
        try (Stream<Path> folders = Files.list(dir)) {
            aside = folders.filter(p -> p.getFileName().toString().startsWith("damaged-")).findFirst().orElseThrow();
        }
        assertThat(aside.resolve("tipline-0.wal")).hasBinaryContent(damaged);
        // Folded into a new snapshot: a normal start afterwards finds the same tips and no damage.
        assertThat(count(dir, false)).isEqualTo(TIPS - 1);
    }

    @Test
    void aTornLastWriteIsStillDroppedAtTheNextStart() throws IOException {
        Path wal = logWithTips();
        byte[] bytes = Files.readAllBytes(wal);
        Files.write(wal, java.util.Arrays.copyOf(bytes, bytes.length - 3));

        assertThat(count(dir, false)).isEqualTo(TIPS - 1);
    }

    @Test
    void aDamagedSnapshotStopsTheStartWithOneLineAndChangesNoFile() throws IOException {
        logWithTips();
        assertThat(count(dir, false)).isEqualTo(TIPS); // this start folds the log into a snapshot
        Path snapshot = dir.resolve(DocumentLog.SNAPSHOT);
        flipByteInTheMiddle(snapshot);
        Map<String, byte[]> before = contents(dir);

        assertThatThrownBy(() -> EmbeddedMongoServer.start(dir))
                .isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining("snapshot " + snapshot.toAbsolutePath())
                .hasMessageMatching("(?s)[^\\n]*fails its checksum \\(at byte \\d+\\)[^\\n]*TIPLINE_STORE_SALVAGE=true[^\\n]*")
                .hasNoCause();
        Map<String, byte[]> after = contents(dir);
        before.forEach((name, content) -> assertThat(after.get(name)).as(name).isEqualTo(content));
    }

    @Test
    void salvageReadsEveryReadableDocumentOfADamagedSnapshotAndKeepsTheOriginal() throws IOException {
        logWithTips();
        assertThat(count(dir, false)).isEqualTo(TIPS);
        Path snapshot = dir.resolve(DocumentLog.SNAPSHOT);
        flipByteInTheMiddle(snapshot);
        byte[] damaged = Files.readAllBytes(snapshot);

        assertThat(count(dir, true)).isEqualTo(TIPS - 1);
        try (Stream<Path> folders = Files.list(dir)) {
            Path aside = folders.filter(p -> p.getFileName().toString().startsWith("damaged-")).findFirst().orElseThrow();
            assertThat(aside.resolve(DocumentLog.SNAPSHOT)).hasBinaryContent(damaged);
        }
        assertThat(count(dir, false)).isEqualTo(TIPS - 1);
    }

    /** What the deployer reads first is the one line and what to do, not a stack of causes. */
    @Test
    void theServiceRefusesToStartOnADamagedLogWithTheLineFirstAndNoStackTrace(CapturedOutput output) throws IOException {
        Path wal = logWithTips();
        flipByteInTheMiddle(wal);

        assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.store.data-dir=" + dir, "--server.port=0")).isNotNull();

        String report = output.getOut() + output.getErr();
        // Nothing before the report: no warning line of nested bean-creation errors. The start runs
        // on this thread; other test contexts cached in this JVM log from their own threads.
        String thisThread = " " + Thread.currentThread().getName() + "] ";
        assertThat(report.lines().filter(l -> l.contains(thisThread))
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
                .singleElement().asString().contains("LoggingFailureAnalysisReporter");
        assertThat(report).contains("APPLICATION FAILED TO START", "The store's log " + wal.toAbsolutePath()
                + " is damaged at byte", "TIPLINE_STORE_SALVAGE=true");
        assertThat(report).doesNotContain("Caused by", "\tat ");
    }
}
