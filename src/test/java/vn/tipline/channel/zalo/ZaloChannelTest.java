package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.tipline.outbox.Outbox;
import vn.tipline.support.EvidenceFiles;
import vn.tipline.support.Prometheus;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Citizens in Zalo: signed webhook events in, consultation messages out, against a loopback fake of Zalo. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// Metrics export (Prometheus) is off in tests unless asked for.
@AutoConfigureObservability
class ZaloChannelTest {

    static final FakeZalo zalo = new FakeZalo();
    static final String OA_SECRET = "oa-secret-for-tests";
    static final String ADMIN_PASSWORD = "metrics scraper 2026";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong MSG = new AtomicLong();

    @DynamicPropertySource
    static void zaloProperties(DynamicPropertyRegistry registry) {
        registry.add("tipline.zalo.app-id", () -> FakeZalo.APP_ID);
        registry.add("tipline.zalo.app-secret", () -> FakeZalo.APP_SECRET);
        registry.add("tipline.zalo.oa-secret-key", () -> OA_SECRET);
        registry.add("tipline.zalo.refresh-token", () -> "refresh-0");
        registry.add("tipline.zalo.api-url", zalo::url);
        registry.add("tipline.zalo.oauth-url", zalo::url);
        registry.add("tipline.outbox.backoff-initial", () -> "PT0.05S");
        registry.add("tipline.outbox.backoff-max", () -> "PT0.2S");
        registry.add("tipline.outbox.idle-wait", () -> "PT0.2S");
        // Short enough for the slow-Zalo test, long enough that no pause of a busy machine copies a reply.
        registry.add("tipline.zalo.request-timeout", () -> "PT3S");
        registry.add("tipline.zalo.rate-limit-wait", () -> "PT0.5S");
        registry.add("tipline.officer.admin-password", () -> ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopFake() {
        zalo.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    Outbox outbox;

    @Autowired
    GridFsTemplate gridFs;

    @Autowired
    vn.tipline.store.StoreProperties store;

    private final HttpClient http = HttpClient.newHttpClient();

    private String event(String eventName, String user, String messageJson, long timestamp) {
        return "{\"app_id\":\"" + FakeZalo.APP_ID + "\",\"user_id_by_app\":\"app-" + user + "\",\"event_name\":\"" + eventName
                + "\",\"sender\":{\"id\":\"" + user + "\"},\"recipient\":{\"id\":\"oa-1\"},\"message\":" + messageJson
                + ",\"timestamp\":\"" + timestamp + "\"}";
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhook/zalo"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-ZEvent-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> deliver(String body) throws Exception {
        String timestamp = JSON.readTree(body).path("timestamp").asText();
        return post(body, ZaloSignature.sign(FakeZalo.APP_ID, body.getBytes(StandardCharsets.UTF_8), timestamp, OA_SECRET));
    }

    private void text(String user, String text) throws Exception {
        String message = JSON.createObjectNode().put("msg_id", "m" + MSG.incrementAndGet()).put("text", text).toString();
        assertThat(deliver(event("user_send_text", user, message, System.currentTimeMillis())).statusCode()).isEqualTo(200);
    }

    /** Waits for a message to the user containing {@code part}, among messages after the first {@code after}. */
    private void awaitText(String user, int after, String part) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            // One reading: the list may grow between two.
            List<String> texts = zalo.textsTo(user);
            assertThat(String.join("\n", texts.subList(Math.min(after, texts.size()), texts.size()))).contains(part);
        });
    }

    private int count(String user) {
        return zalo.textsTo(user).size();
    }

    /** Taps the newest button whose title contains {@code label}: Zalo sends its hidden payload back as text. */
    private void press(String user, String label) throws Exception {
        // Replies of one turn are delivered one after another: wait until the one with the button is there.
        await().atMost(Duration.ofSeconds(15)).until(() -> zalo.sent.stream()
                .filter(m -> m.path("recipient").path("user_id").asText().equals(user))
                .anyMatch(m -> m.path("message").path("attachment").path("payload").path("buttons").toString().contains(label)));
        List<JsonNode> sent = zalo.sent.stream().filter(m -> m.path("recipient").path("user_id").asText().equals(user)).toList();
        for (int i = sent.size() - 1; i >= 0; i--) {
            for (JsonNode button : sent.get(i).path("message").path("attachment").path("payload").path("buttons")) {
                if (button.path("title").asText().contains(label)) {
                    assertThat(button.path("type").asText()).isEqualTo("oa.query.hide");
                    text(user, button.path("payload").asText());
                    return;
                }
            }
        }
        throw new AssertionError("no button '" + label + "' sent to " + user);
    }

    private static byte[] photo() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void aWholeAnonymousTipIsFiledThroughZaloEvents() throws Exception {
        String user = "zuser-tip";
        String follow = "{\"app_id\":\"" + FakeZalo.APP_ID + "\",\"event_name\":\"follow\",\"follower\":{\"id\":\"" + user
                + "\"},\"timestamp\":\"" + System.currentTimeMillis() + "\"}";
        assertThat(deliver(follow).statusCode()).isEqualTo(200);
        awaitText(user, 0, "Bạn muốn làm gì?");

        int n = count(user);
        press(user, "Báo tin");
        awaitText(user, n, "về việc gì");
        // Nine topics, five buttons a message: the second message says what its buttons are.
        awaitText(user, n, "Lựa chọn khác: 6–9");
        n = count(user);
        text(user, "ma tuy"); // typed, without accents
        awaitText(user, n, "kể lại");
        n = count(user);
        text(user, "Có người bán ma túy ở quán nước đầu hẻm 15 mỗi tối");
        awaitText(user, n, "ở đâu");
        n = count(user);
        String location = "{\"msg_id\":\"m" + MSG.incrementAndGet() + "\",\"attachments\":[{\"type\":\"location\",\"payload\":"
                + "{\"coordinates\":{\"latitude\":\"16.0544\",\"longitude\":\"108.2022\"}}}]}";
        deliver(event("user_send_location", user, location, System.currentTimeMillis()));
        awaitText(user, n, "khi nào");
        n = count(user);
        press(user, "Hôm qua");
        awaitText(user, n, "ảnh");
        n = count(user);
        zalo.files.put("p1.jpg", photo());
        String image = "{\"msg_id\":\"m" + MSG.incrementAndGet() + "\",\"attachments\":[{\"type\":\"image\",\"payload\":"
                + "{\"url\":\"" + zalo.url() + "/files/p1.jpg\"}}]}";
        deliver(event("user_send_image", user, image, System.currentTimeMillis()));
        awaitText(user, n, "1/5");
        n = count(user);
        press(user, "Xong");
        awaitText(user, n, "ẩn danh");
        n = count(user);
        press(user, "Gửi ẩn danh");
        awaitText(user, n, "Gửi tin báo này?");
        n = count(user);
        press(user, "Có, gửi đi");
        awaitText(user, n, "Mã tra cứu");
        // The receipt's buttons (status, notices) instead of commands.
        n = count(user);
        press(user, "Nhắn tôi khi có tiến triển");
        awaitText(user, n, "7 ngày");
        n = count(user);
        press(user, "Có, nhắn cho tôi");
        awaitText(user, n, "Đã bật");

        Matcher code = Pattern.compile("TG-[2-9A-Z]{4}-[2-9A-Z]{4}").matcher(String.join("\n", zalo.textsTo(user)));
        assertThat(code.find()).isTrue();
        Document tip = mongo.getCollection("tips").find(new Document("code", code.group())).first();
        assertThat(tip.getString("channel")).isEqualTo("zalo");
        assertThat(tip.getString("topic")).isEqualTo("DRUGS");
        assertThat(tip.getList("attachments", String.class)).hasSize(1);
        assertThat(tip.toJson()).doesNotContain(user);
        // The raw events (with the user id and the text) are forgotten once handled.
        await().atMost(Duration.ofSeconds(5)).until(() ->
                mongo.getCollection("zalo_events").find(new Document("raw", new Document("$exists", true))).first() == null);
    }

    /**
     * Zalo's audio, video and file events (assumed shapes: {@code attachments[0].payload.url}, as for
     * images; a file also has {@code name}, {@code size} and {@code type}, which are dropped).
     */
    @Test
    void aTipIsFiledThroughZaloWithAVoiceNoteAVideoAndAPdfWithoutTheirMetadata() throws Exception {
        String user = "zuser-media";
        int n = count(user);
        text(user, "menu");
        awaitText(user, n, "Bạn muốn làm gì?");
        n = count(user);
        press(user, "Báo tin");
        awaitText(user, n, "về việc gì");
        n = count(user);
        text(user, "ma tuy");
        awaitText(user, n, "kể lại");
        n = count(user);
        text(user, "Có người bán ma túy ở quán nước đầu hẻm 15 mỗi tối");
        awaitText(user, n, "ở đâu");
        n = count(user);
        text(user, "Hẻm 15 đường Lê Lợi");
        awaitText(user, n, "khi nào");
        n = count(user);
        press(user, "Hôm qua");
        awaitText(user, n, "bằng chứng");
        zalo.files.put("voice.m4a", EvidenceFiles.oggOpus(2));
        zalo.files.put("clip.mp4", EvidenceFiles.mp4(2));
        zalo.files.put("doc.pdf", EvidenceFiles.pdf());
        zalo.files.put("big.mp4", new byte[20 * 1024 * 1024 + 1]);
        n = count(user);
        deliver(event("user_send_audio", user, attachment("audio", "{\"url\":\"" + zalo.url() + "/files/voice.m4a\"}"),
                System.currentTimeMillis()));
        awaitText(user, n, "1/5");
        n = count(user);
        deliver(event("user_send_video", user, attachment("video", "{\"url\":\"" + zalo.url()
                + "/files/clip.mp4\",\"thumbnail\":\"" + zalo.url() + "/files/none.jpg\",\"description\":\"\"}"),
                System.currentTimeMillis()));
        awaitText(user, n, "2/5");
        n = count(user);
        deliver(event("user_send_video", user, attachment("video", "{\"url\":\"" + zalo.url() + "/files/big.mp4\"}"),
                System.currentTimeMillis()));
        awaitText(user, n, "lớn hơn 20 MB");
        n = count(user);
        deliver(event("user_send_file", user, attachment("file", "{\"url\":\"" + zalo.url()
                + "/files/doc.pdf\",\"name\":\"bien-ban-Nguyen-Van-A.pdf\",\"size\":\"2000\",\"type\":\"pdf\"}"),
                System.currentTimeMillis()));
        awaitText(user, n, "3/5");
        n = count(user);
        press(user, "Xong");
        awaitText(user, n, "ẩn danh");
        n = count(user);
        press(user, "Gửi ẩn danh");
        awaitText(user, n, "Gửi tin báo này?");
        n = count(user);
        press(user, "Có, gửi đi");
        awaitText(user, n, "Mã tra cứu");

        Matcher code = Pattern.compile("TG-[2-9A-Z]{4}-[2-9A-Z]{4}").matcher(String.join("\n", zalo.textsTo(user)));
        assertThat(code.find()).isTrue();
        Document tip = mongo.getCollection("tips").find(new Document("code", code.group())).first();
        List<String> attachments = tip.getList("attachments", String.class);
        assertThat(attachments).hasSize(3);
        List<String> types = new ArrayList<>();
        for (String id : attachments) {
            GridFSFile file = gridFs.findOne(Query.query(Criteria.where("_id").is(new ObjectId(id))));
            byte[] stored;
            try (var in = gridFs.getResource(file).getInputStream()) {
                stored = in.readAllBytes();
            }
            assertThat(EvidenceFiles.contains(stored, EvidenceFiles.GPS)).isFalse();
            assertThat(EvidenceFiles.contains(stored, EvidenceFiles.DEVICE)).isFalse();
            types.add(file.getMetadata().getString("contentType"));
        }
        assertThat(types).containsExactly("audio/ogg", "video/mp4", "application/pdf");
    }

    private static String attachment(String type, String payload) {
        return "{\"msg_id\":\"m" + MSG.incrementAndGet() + "\",\"attachments\":[{\"type\":\"" + type
                + "\",\"payload\":" + payload + "}]}";
    }

    /**
     * What the journal keeps of an event until it is handled is what handling needs: display names,
     * avatars and a submitted address never reach the store's files (the log keeps every version of a
     * journal entry until it is next compacted), while a contact the citizen submits still counts.
     */
    @Test
    void theStoreFilesHoldNoDisplayNameOrAddressFromZaloEvents() throws Exception {
        String user = "zuser-names";
        String follow = "{\"app_id\":\"" + FakeZalo.APP_ID + "\",\"event_name\":\"follow\",\"follower\":{\"id\":\"" + user
                + "\",\"display_name\":\"Phạm Thị Zalo-Follower\",\"avatar\":\"https://s.zalo.test/avatar-zf.jpg\"}"
                + ",\"timestamp\":\"" + System.currentTimeMillis() + "\"}";
        assertThat(deliver(follow).statusCode()).isEqualTo(200);
        awaitText(user, 0, "Bạn muốn làm gì?");
        int n = count(user);
        String message = JSON.createObjectNode().put("msg_id", "m" + MSG.incrementAndGet()).put("text", "xin chào").toString();
        String named = event("user_send_text", user, message, System.currentTimeMillis())
                .replace("\"sender\":{\"id\":\"" + user + "\"}", "\"sender\":{\"id\":\"" + user
                        + "\",\"display_name\":\"Lê Văn Zalo-Sender\",\"avatar\":\"https://s.zalo.test/avatar-zs.jpg\"}");
        assertThat(named).contains("Lê Văn Zalo-Sender");
        assertThat(deliver(named).statusCode()).isEqualTo(200);
        String info = "{\"app_id\":\"" + FakeZalo.APP_ID + "\",\"event_name\":\"user_submit_info\",\"sender\":{\"id\":\""
                + user + "\"},\"info\":{\"name\":\"Lê Văn Liên Lạc\",\"phone\":\"84901230000\","
                + "\"address\":\"12 Đường Bí Mật\",\"city\":\"Huế\"},\"timestamp\":\"" + System.currentTimeMillis() + "\"}";
        assertThat(deliver(info).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                mongo.getCollection("zalo_events").find(new Document("raw", new Document("$exists", true))).first() == null);

        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of(store.dataDir()))) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String bytes = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String kept : List.of("Phạm Thị Zalo-Follower", "Lê Văn Zalo-Sender", "avatar-z", "12 Đường Bí Mật")) {
                    String encoded = new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                    assertThat(bytes.contains(encoded)).as("%s holds %s", file.getFileName(), kept).isFalse();
                }
            }
        }
    }

    @Test
    void forgedStaleOrForeignEventsAreRefusedAndNothingIsRecorded() throws Exception {
        String body = event("user_send_text", "zuser-forged", "{\"msg_id\":\"mf1\",\"text\":\"hi\"}", System.currentTimeMillis());
        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, "mac=" + "0".repeat(64)).statusCode()).isEqualTo(401);
        String signedWithAnotherSecret = ZaloSignature.sign(FakeZalo.APP_ID, body.getBytes(StandardCharsets.UTF_8),
                JSON.readTree(body).path("timestamp").asText(), "guessed-secret");
        assertThat(post(body, signedWithAnotherSecret).statusCode()).isEqualTo(401);

        String stale = event("user_send_text", "zuser-forged", "{\"msg_id\":\"mf2\",\"text\":\"hi\"}",
                System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        HttpResponse<String> replay = deliver(stale);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replay");

        assertThat(post("{not json", "mac=abc").statusCode()).isEqualTo(401);
        assertThat(post("", "mac=abc").statusCode()).isEqualTo(400);
        assertThat(mongo.getCollection("zalo_events").countDocuments(
                new Document("raw", new Document("$regex", "zuser-forged")))).isZero();
        assertThat(mongo.getCollection("zalo_events_seen").countDocuments(
                new Document("_id", new Document("$regex", "mf[12]")))).isZero();
        assertThat(zalo.textsTo("zuser-forged")).isEmpty();
    }

    /**
     * The welcome reached the user once: the menu with its first five buttons, then (Zalo takes at
     * most five a message) one message with the rest, which says what its buttons are.
     */
    private static void assertWelcomedOnce(String user) {
        List<String> texts = zalo.textsTo(user);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).contains("Bạn muốn làm gì?");
        assertThat(texts.get(1)).isEqualTo("Lựa chọn khác: 6");
    }

    @Test
    void aRedeliveredEventIsHandledOnce() throws Exception {
        String user = "zuser-dup";
        String body = event("user_send_text", user, "{\"msg_id\":\"mdup-1\",\"text\":\"xin chào\"}", System.currentTimeMillis());
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        awaitText(user, 0, "Bạn muốn làm gì?");
        Thread.sleep(500); // a second reply would have been queued by now
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !outbox.hasPending("zalo", user));
        assertWelcomedOnce(user);
    }

    @Test
    void zaloAnswering500ForAWhileStillGetsTheReplyDeliveredOnce() throws Exception {
        String user = "zuser-500";
        zalo.serverErrors.set(4);
        text(user, "xin chào");
        awaitText(user, 0, "Bạn muốn làm gì?");
        await().atMost(Duration.ofSeconds(5)).until(() -> !outbox.hasPending("zalo", user));
        assertThat(zalo.serverErrors.get()).isZero();
        assertWelcomedOnce(user);
    }

    @Test
    void zaloSlowerThanTheRequestTimeoutForAWhileStillGetsTheReplyDelivered() throws Exception {
        String user = "zuser-slow";
        zalo.stall = Duration.ofSeconds(6);
        zalo.stalls.set(2);
        text(user, "xin chào");
        // The reply first: the webhook answers before the message is handled, so an empty outbox
        // alone may only mean the reply is not queued yet.
        await().atMost(Duration.ofSeconds(30)).until(() -> zalo.stalls.get() == 0
                && String.join("\n", zalo.textsTo(user)).contains("Lựa chọn khác: 6") && !outbox.hasPending("zalo", user));
        // Zalo carried out the sends it answered too late; with no idempotency key they are copies:
        // each of the welcome's two messages arrives, and at most the two stalled sends twice.
        List<String> texts = zalo.textsTo(user);
        assertThat(texts).hasSizeBetween(2, 4)
                .allSatisfy(text -> assertThat(text).satisfiesAnyOf(t -> assertThat(t).contains("Bạn muốn làm gì?"),
                        t -> assertThat(t).isEqualTo("Lựa chọn khác: 6")));
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("Bạn muốn làm gì?")).contains("Lựa chọn khác: 6");
        assertThat(deliveries("retried", "timeout")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void zaloRateLimitingForAWhileDelaysTheReplyWhichIsThenDeliveredOnce() throws Exception {
        String user = "zuser-rate";
        zalo.rateLimited.set(3);
        text(user, "xin chào");
        // The reply first: the webhook answers before the message is handled, so an empty outbox
        // alone may only mean the reply is not queued yet.
        awaitText(user, 0, "Bạn muốn làm gì?");
        await().atMost(Duration.ofSeconds(20)).until(() -> !outbox.hasPending("zalo", user));
        assertThat(zalo.rateLimited.get()).isZero();
        assertWelcomedOnce(user);
        assertThat(deliveries("throttled", "zalo_rate")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anExpiredTokenMidConversationIsRefreshedAndTheReplyDelivered() throws Exception {
        String user = "zuser-token";
        text(user, "xin chào");
        awaitText(user, 0, "Bạn muốn làm gì?");
        int refreshes = zalo.refreshCalls.get();
        zalo.expireAccessToken();
        int n = count(user);
        press(user, "Hướng dẫn");
        awaitText(user, n, "113");
        assertThat(zalo.refreshCalls.get()).isEqualTo(refreshes + 1);
        assertThat(zalo.rejectedSends.get()).isGreaterThan(0);
    }

    @Test
    void outsideTheInteractionWindowTheMessageIsDroppedNotRetried() throws Exception {
        String user = "zuser-window";
        zalo.usersOutsideWindow.add(user);
        text(user, "xin chào");
        // Handled: no journal entry for this user is left, and nothing is queued for it.
        await().atMost(Duration.ofSeconds(10)).until(() -> mongo.getCollection("zalo_events")
                .countDocuments(new Document("raw", new Document("$regex", user))) == 0 && !outbox.hasPending("zalo", user));
        assertThat(zalo.textsTo(user)).isEmpty();
        zalo.usersOutsideWindow.remove(user);
        text(user, "/help");
        awaitText(user, 0, "113");
    }

    @Autowired
    vn.tipline.channel.OutboxSender zaloSender;

    @Autowired
    vn.tipline.conversation.EvidenceStore pictures;

    @Test
    void aBroadcastPictureIsUploadedOnceAndSentAsAMediaMessageToEachFollower() throws Exception {
        String picture = pictures.save(new vn.tipline.conversation.Inbound.Media(photo(), "image/jpeg"));
        String text = "Cảnh báo lừa đảo qua mạng " + MSG.incrementAndGet();
        List<String> users = List.of("u-pic-1-" + MSG.get(), "u-pic-2-" + MSG.get());
        int uploadsBefore = zalo.uploads.size();
        for (String user : users) {
            zaloSender.sendOnce(user, List.of(new vn.tipline.conversation.Outbound.Media(picture, "image/jpeg", null),
                    new vn.tipline.conversation.Outbound.Choice(text, List.of())), "bc:pic:" + user);
        }
        for (String user : users) {
            await().atMost(Duration.ofSeconds(15)).until(() -> zalo.textsTo(user).contains(text));
            List<JsonNode> to = zalo.sent.stream().filter(m -> m.path("recipient").path("user_id").asText().equals(user)).toList();
            JsonNode media = to.get(0).path("message");
            assertThat(media.has("tipline_attachment")).as("our own marker never reaches Zalo").isFalse();
            JsonNode element = media.path("attachment").path("payload").path("elements").get(0);
            assertThat(media.path("attachment").path("payload").path("template_type").asText()).isEqualTo("media");
            assertThat(element.path("media_type").asText()).isEqualTo("image");
            assertThat(zalo.uploads).containsKey(element.path("attachment_id").asText());
        }
        assertThat(zalo.uploads.size() - uploadsBefore).as("one upload for the campaign's picture").isEqualTo(1);
    }

    @Test
    void healthShowsTheChannel() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"zalo\"");
    }

    @Test
    void webhookEventsShowInPrometheusByChannelAndReason() throws Exception {
        Prometheus before = Prometheus.scrape(port, "admin", ADMIN_PASSWORD);
        String message = JSON.createObjectNode().put("msg_id", "m" + MSG.incrementAndGet()).put("text", "/help").toString();
        String event = event("user_send_text", "zuser-metrics", message, System.currentTimeMillis());
        assertThat(deliver(event).statusCode()).isEqualTo(200);
        assertThat(deliver(event).statusCode()).isEqualTo(200);
        assertThat(post(event, "mac=0000").statusCode()).isEqualTo(401);
        String stale = event("user_send_text", "zuser-metrics", JSON.createObjectNode().put("msg_id", "m" + MSG.incrementAndGet())
                .put("text", "cũ").toString(), System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        assertThat(deliver(stale).statusCode()).isEqualTo(401);
        assertThat(post("", null).statusCode()).isEqualTo(400);

        Prometheus after = Prometheus.scrape(port, "admin", ADMIN_PASSWORD);
        String zaloLabel = "channel=\"zalo\"";
        assertThat(delta(before, after, "tipline_inbound_accepted_total", zaloLabel)).isEqualTo(1);
        assertThat(delta(before, after, "tipline_inbound_rejected_total", zaloLabel, "reason=\"duplicate\"")).isEqualTo(1);
        assertThat(delta(before, after, "tipline_inbound_rejected_total", zaloLabel, "reason=\"unauthorized\"")).isEqualTo(1);
        assertThat(delta(before, after, "tipline_inbound_rejected_total", zaloLabel, "reason=\"stale\"")).isEqualTo(1);
        assertThat(delta(before, after, "tipline_inbound_rejected_total", zaloLabel, "reason=\"malformed\"")).isEqualTo(1);
        assertThat(delta(before, after, "tipline_inbound_received_total", zaloLabel)).isEqualTo(5);
        assertThat(after.text()).doesNotContain("zuser-metrics");
        // The one accepted event is finished once (handling is asynchronous).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delta(before,
                Prometheus.scrape(port, "admin", ADMIN_PASSWORD), "tipline_inbound_handled_total", zaloLabel,
                "outcome=\"done\"")).isGreaterThanOrEqualTo(1));
    }

    /** Zalo deliveries so far with this outcome and code, from the metrics. */
    private double deliveries(String outcome, String code) {
        return Prometheus.scrape(port, "admin", ADMIN_PASSWORD).value("tipline_outbox_deliveries_total",
                "channel=\"zalo\"", "outcome=\"" + outcome + "\"", "code=\"" + code + "\"");
    }

    private static double delta(Prometheus before, Prometheus after, String name, String... labels) {
        return after.value(name, labels) - Math.max(0, before.value(name, labels));
    }
}
