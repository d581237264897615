package vn.tipline.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service keeps on disk is readable by its own user only, and the embedded store, which has
 * no credentials, serves only the service itself: another local process is cut off.
 */
class StoreAccessTest {

    @TempDir
    Path dir;

    private static Map<String, String> modes(Path dir) throws IOException {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.toList()) {
                modes.put(dir.relativize(path).toString() + (Files.isDirectory(path) ? "/" : ""),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
            }
        }
        return modes;
    }

    @Test
    void everyFileTheServiceWritesIsReadableByItsUserOnly() throws IOException {
        Path dataDir = dir.resolve("data");
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.store.data-dir=" + dataDir, "--server.port=0",
                        "--tipline.telegram.bot-token=123:abc", "--tipline.telegram.webhook-url=https://t.example.test/w")) {
            first.getBean(MongoTemplate.class).insert(new Document("text", "một tin báo"), "tips");
        }
        // A second start folds the log into a snapshot: that file too.
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            assertThat(server.connectionString("t")).isNotBlank();
        }
        Map<String, String> modes = modes(dataDir);
        assertThat(modes).containsKeys("reporter-secret", "telegram-webhook-secret", "tipline.snapshot", "tipline.mv.db");
        modes.forEach((path, mode) -> assertThat(mode).as(path).isEqualTo(path.endsWith("/") ? "rwx------" : "rw-------"));
    }

    @Test
    void aDataDirectoryLeftReadableByOthersIsTightenedAtStart() throws IOException {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = Files.writeString(dataDir.resolve("reporter-secret"), "c2VjcmV0");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Path old = Files.createDirectories(dataDir.resolve("backup"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxrwxrwx"));

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            assertThat(server.connectionString("t")).isNotBlank();
        }
        modes(dataDir).forEach((path, mode) ->
                assertThat(mode).as(path).isEqualTo(path.endsWith("/") ? "rwx------" : "rw-------"));
    }

    /** The attack: another process on the machine reads and plants documents through the store's port. */
    @Test
    void anotherLocalProcessCannotReadOrWriteTheStoreWhileTheServiceCan() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient own = MongoClients.create(server.connectionString("t"))) {
            MongoCollection<Document> tips = own.getDatabase("t").getCollection("tips");
            tips.insertOne(new Document("text", "một tin báo"));

            Process foreign = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ForeignStoreClient.class.getName(),
                    server.connectionString("t")).redirectErrorStream(true).start();
            assertThat(foreign.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> said = new String(foreign.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("READ") || l.startsWith("REFUSED")).toList();
            assertThat(said).singleElement().asString().startsWith("REFUSED");

            // The service's own connections still work, and nothing was planted.
            tips.insertOne(new Document("text", "tin báo thứ hai"));
            assertThat(tips.countDocuments()).isEqualTo(2);
            assertThat(tips.countDocuments(new Document("text", "planted by another process"))).isZero();
        }
    }

    /** The check itself, on a socket of this process and on one held by nobody here. */
    @Test
    void aSocketOfThisProcessIsRecognisedAsItsOwn() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            assertThat(OwnSockets.supported()).isTrue();
            assertThat(OwnSockets.isOwn((InetSocketAddress) accepted.getRemoteSocketAddress(),
                    (InetSocketAddress) accepted.getLocalSocketAddress())).isTrue();
            // A port nobody here connects from.
            assertThat(OwnSockets.isOwn(new InetSocketAddress(accepted.getInetAddress(), 1),
                    (InetSocketAddress) accepted.getLocalSocketAddress())).isFalse();
        }
    }
}
