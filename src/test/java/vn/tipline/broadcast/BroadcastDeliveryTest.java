package vn.tipline.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import vn.tipline.channel.web.WebSessions;
import vn.tipline.outbox.Outbox;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.ReporterKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

/**
 * Campaign delivery end to end: subscribers in the embedded store through the real driver, the
 * Telegram channel's outbox delivering to a fake Bot API on loopback, the dispatcher driven tick by
 * tick (its schedule is pushed out of the way) so a crash can be placed exactly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
        "tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
        "tipline.telegram.chat-interval=PT0.01S",
        "tipline.telegram.max-per-second=1000",
        "tipline.outbox.workers=4",
        "tipline.outbox.backoff-initial=PT0.05S",
        "tipline.outbox.backoff-max=PT0.2S",
        "tipline.outbox.idle-wait=PT0.2S",
        "tipline.broadcast.tick=PT1H",
        "tipline.broadcast.lease=PT0.3S",
        "tipline.broadcast.max-backlog=50"})
@ActiveProfiles("test")
class BroadcastDeliveryTest {

    static final FakeTelegram telegram = FakeTelegram.start();
    private static final AtomicLong CHATS = new AtomicLong(8_100_000_000L);

    @DynamicPropertySource
    static void botApi(DynamicPropertyRegistry registry) {
        registry.add("tipline.telegram.api-url", telegram::url);
    }

    @AfterAll
    static void stopFake() {
        telegram.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Campaigns campaigns;

    @Autowired
    BroadcastDispatcher dispatcher;

    @Autowired
    ReporterKeys keys;

    @Autowired
    WebSessions webSessions;

    @Autowired
    vn.tipline.conversation.EvidenceStore evidenceStore;

    /** The real outbox; one test makes it look away once (see that test). */
    @MockitoSpyBean
    Outbox outbox;

    static final Campaigns.Actor AUTHOR = new Campaigns.Actor("author", true, false);
    static final Campaigns.Actor APPROVER = new Campaigns.Actor("approver", false, true);

    /** A Telegram subscriber as the subscribe flow leaves one: an address from their first message, a subscription. */
    String telegramSubscriber(Integer province, Integer commune, List<String> topics) {
        String chat = String.valueOf(CHATS.incrementAndGet());
        String key = keys.keyFor("telegram", chat);
        mongo.getCollection("reporter_addresses").insertOne(new Document("_id", key).append("channel", "telegram")
                .append("chatId", chat).append("createdAt", new Date()));
        subscriptions.subscribe(key, "telegram", province, commune, topics, "vi");
        return chat;
    }

    /** A unique topic-free audience for one test: a province no other test uses. */
    Campaign sendNow(String text, Audience audience) {
        Campaign draft = campaigns.create(AUTHOR, new Campaigns.Draft("t", text, null, audience, null));
        campaigns.approve(APPROVER, draft.id());
        return campaigns.schedule(AUTHOR, draft.id(), null);
    }

    Campaign runUntilDone(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            dispatcher.runOnce("worker", -1);
            return campaigns.get(id).state() == Campaign.State.DONE;
        });
        return campaigns.get(id);
    }

    List<FakeTelegram.Call> received(String text) {
        return telegram.calls("sendMessage").stream().filter(c -> c.status() == 200 && text.equals(c.text())).toList();
    }

    @Test
    void audienceIsTheActiveSubscribersOfTheAreaInterestedInTheTopic() {
        // Hà Nội (1) with two commune codes, Hồ Chí Minh (79).
        String inCommune = telegramSubscriber(1, 4, List.of("scam"));
        String inOtherCommuneAllTopics = telegramSubscriber(1, 8, List.of());
        String wrongTopic = telegramSubscriber(1, 4, List.of("traffic"));
        String elsewhere = telegramSubscriber(79, null, List.of("scam"));
        String left = telegramSubscriber(1, 4, List.of("scam"));
        assertThat(subscriptions.unsubscribe(keys.keyFor("telegram", left))).isTrue();

        Audience hanoiScams = new Audience(List.of(1), null, List.of("scam"), null);
        long before = campaigns.preview(hanoiScams);
        String text = "Cảnh báo lừa đảo " + UUID.randomUUID();
        Campaign done = runUntilDone(sendNow(text, hanoiScams).id());

        Set<String> chats = new HashSet<>(received(text).stream().map(FakeTelegram.Call::chatId).toList());
        assertThat(chats).contains(inCommune, inOtherCommuneAllTopics).doesNotContain(wrongTopic, elsewhere, left);
        assertThat(done.progress().audience()).isEqualTo(before);
        assertThat(done.progress().sent() + done.progress().failed() + done.progress().blocked())
                .isEqualTo(done.progress().audience());
        assertThat(received(text)).allSatisfy(c -> assertThat(c.params().path("reply_markup").toString()).contains("/stop"));
    }

    @Test
    void aCrashMidCampaignNeitherSkipsNorDoublesAnyone() {
        int province = 11; // Điện Biên: each test uses its own province, so audiences do not overlap
        List<String> audience = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            audience.add(telegramSubscriber(province, null, List.of()));
        }
        String text = "Phòng cháy " + UUID.randomUUID();
        Campaign campaign = sendNow(text, new Audience(List.of(province), null, null, null));

        // The first instance dies inside a bucket: after handing over the first message of the first bucket
        // (buckets are claimed in order) that has at least two recipients and comes after ten others.
        int[] sizes = new int[Subscriptions.BUCKETS];
        audience.forEach(chat -> sizes[Subscriptions.bucketOf(keys.keyFor("telegram", chat))]++);
        int before = 0;
        int target = -1;
        for (int b = 0; b < sizes.length; b++) {
            if (sizes[b] >= 2 && before >= 10) {
                target = b;
                break;
            }
            before += sizes[b];
        }
        assertThat(target).as("a bucket to crash in").isNotNegative();
        dispatcher.runOnce("doomed", before + 1);
        assertThat(campaigns.get(campaign.id()).state()).isEqualTo(Campaign.State.SENDING);
        BroadcastDispatcher.Bucket crashed = mongo.findById(campaign.id() + ":" + target, BroadcastDispatcher.Bucket.class);
        assertThat(crashed.handed()).isFalse();
        assertThat(crashed.owner()).isEqualTo("doomed");
        int handedInCrashedBucket = before + 1 - (int) mongo.find(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("campaignId").is(campaign.id())
                                .and("handed").is(true)), BroadcastDispatcher.Bucket.class)
                .stream().mapToLong(BroadcastDispatcher.Bucket::recipients).sum();
        assertThat(handedInCrashedBucket).as("messages handed over from the bucket the crash interrupted").isEqualTo(1);
        // Another takes over (the dead one's lease runs out) and finishes.
        Campaign done = runUntilDone(campaign.id());

        await().atMost(Duration.ofSeconds(10)).until(() -> received(text).size() >= audience.size());
        Map<String, Integer> perChat = new HashMap<>();
        received(text).forEach(c -> perChat.merge(c.chatId(), 1, Integer::sum));
        assertThat(perChat.keySet()).containsExactlyInAnyOrderElementsOf(audience);
        assertThat(perChat.values()).allMatch(n -> n == 1);
        assertThat(done.progress().audience()).isEqualTo(audience.size());
        assertThat(done.progress().sent()).isEqualTo(audience.size());
    }

    @Test
    void aCampaignWaitsWhileTheOutboxIsFullAndGoesOnOnceItDrains() {
        int province = 14; // Sơn La
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            chats.add(telegramSubscriber(province, null, List.of()));
        }
        // Fifty messages waiting for a channel this instance does not serve: the outbox is at its limit.
        List<Document> parked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "parked:" + UUID.randomUUID();
            parked.add(new Document("_id", key).append("channel", "parked").append("chatId", "p" + i)
                    .append("lane", "parked:p" + i).append("seq", -1L - i).append("kind", "x").append("body", "{}")
                    .append("attempts", 0).append("createdAt", new Date()));
        }
        mongo.getCollection("outbox").insertMany(parked);
        String text = "Cảnh báo cháy nổ " + UUID.randomUUID();
        Campaign campaign = sendNow(text, new Audience(List.of(province), null, null, null));
        try {
            for (int i = 0; i < 3; i++) {
                dispatcher.runOnce("worker", -1);
            }
            assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                    org.springframework.data.mongodb.core.query.Criteria.where("campaignId").is(campaign.id())
                            .and("handed").is(true)), BroadcastDispatcher.BUCKETS)).isZero();
            assertThat(received(text)).isEmpty();
        } finally {
            mongo.getCollection("outbox").deleteMany(new Document("channel", "parked"));
        }
        Campaign done = runUntilDone(campaign.id());
        assertThat(received(text)).extracting(FakeTelegram.Call::chatId).containsExactlyInAnyOrderElementsOf(chats);
        assertThat(done.progress().sent()).isEqualTo(20);
    }

    @Test
    void aSubscriberWhoLeavesAfterTheStartIsCountedAsOptedOutAndNotSentTo() {
        int province = 15; // Lào Cai
        String stays = telegramSubscriber(province, null, List.of());
        String leaves = telegramSubscriber(province, null, List.of());
        String text = "Cảnh báo giao thông " + UUID.randomUUID();
        Campaign campaign = sendNow(text, new Audience(List.of(province), null, null, null));
        dispatcher.runOnce("starter", 0); // starts the campaign, then stops before handing anyone over
        assertThat(campaigns.get(campaign.id()).state()).isEqualTo(Campaign.State.SENDING);
        assertThat(subscriptions.unsubscribe(keys.keyFor("telegram", leaves))).isTrue();

        Campaign done = runUntilDone(campaign.id());
        assertThat(received(text)).extracting(FakeTelegram.Call::chatId).containsExactly(stays);
        assertThat(done.progress().optedOut()).isEqualTo(1);
        assertThat(done.progress().audience()).isEqualTo(1);
        assertThat(done.progress().sent()).isEqualTo(1);
    }

    @Test
    void aPictureGoesWithTheTextAsOnePhotoOnTelegramAndInTheWebInboxButEvidenceIsNeverServed() throws Exception {
        int province = 19; // Thái Nguyên
        String chat = telegramSubscriber(province, null, List.of());
        String other = telegramSubscriber(province, null, List.of());
        WebChatClient web = WebChatClient.open(port);
        // A web chat is remembered (and reachable) from its first message: opening the page stores nothing.
        web.say("/help");
        subscriptions.subscribe(webSessions.reporterKey(web.session()), "web", province, null, List.of(), "vi");
        String text = "Cảnh báo giả danh công an " + UUID.randomUUID();
        Campaign draft = campaigns.create(AUTHOR, new Campaigns.Draft("t", text, null,
                new Audience(List.of(province), null, null, null), null));
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(60, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", png);
        assertThat(campaigns.setImage(AUTHOR, draft.id(), png.toByteArray()).imageType()).isEqualTo("image/png");
        assertThat(campaigns.publishedImage(campaigns.get(draft.id()).imageId())).as("a draft's picture is not public").isEmpty();
        campaigns.approve(APPROVER, draft.id());
        assertThatThrownBy(() -> campaigns.setImage(AUTHOR, draft.id(), png.toByteArray()))
                .extracting(e -> ((CampaignRefused) e).reason()).isEqualTo(CampaignRefused.Reason.INVALID_TRANSITION);
        campaigns.schedule(AUTHOR, draft.id(), null);
        Campaign done = runUntilDone(draft.id());
        assertThat(done.progress().sent()).isEqualTo(3);

        List<FakeTelegram.Call> photos = new ArrayList<>();
        for (String to : List.of(chat, other)) {
            List<FakeTelegram.Call> toChat = telegram.calls().stream().filter(c -> to.equals(c.chatId())).toList();
            assertThat(toChat).as("one message per subscriber: the picture with the text as its caption").hasSize(1);
            assertThat(toChat.get(0).method()).isEqualTo("sendPhoto");
            assertThat(toChat.get(0).status()).isEqualTo(200);
            assertThat(toChat.get(0).params().path("caption").asText()).isEqualTo(text);
            assertThat(toChat.get(0).params().path("reply_markup").toString()).contains("/stop");
            photos.add(toChat.get(0));
        }
        // Uploaded once; the second subscriber gets it by Telegram's file id.
        assertThat(photos).filteredOn(c -> c.file() != null && c.file().length > 0).hasSize(1);
        assertThat(photos).filteredOn(c -> c.params().path("photo").asText("").startsWith("photo-")).hasSize(1);

        List<JsonNode> inbox = new ArrayList<>();
        web.inbox().lastMessages().forEach(inbox::add);
        assertThat(inbox).extracting(m -> m.path("text").asText()).contains(text);
        String image = inbox.stream().map(m -> m.path("image").asText("")).filter(s -> !s.isEmpty()).findFirst().orElseThrow();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<byte[]> served = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + image)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(served.body())).getWidth()).isEqualTo(60);

        // A citizen's evidence photo lives in the same store: its id is never served to the web chat.
        String evidence = evidenceStore.save(new vn.tipline.conversation.Inbound.Media(png.toByteArray(), "image/png"));
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/api/chat/images/" + evidence)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(404);
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/api/chat/images/not-an-id")).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSubscriberWhoBlockedTheBotIsCountedAsBlockedAndDeactivated() {
        int province = 4;
        String reachable = telegramSubscriber(province, null, List.of());
        String blocker = telegramSubscriber(province, null, List.of());
        telegram.block(blocker);
        String text = "Truy nã " + UUID.randomUUID();
        Campaign done = runUntilDone(sendNow(text, new Audience(List.of(province), null, null, null)).id());

        assertThat(done.progress().audience()).isEqualTo(2);
        assertThat(done.progress().sent()).isEqualTo(1);
        assertThat(done.progress().blocked()).isEqualTo(1);
        assertThat(subscriptions.isActive(keys.keyFor("telegram", blocker))).isFalse();
        assertThat(subscriptions.isActive(keys.keyFor("telegram", reachable))).isTrue();
    }

    /**
     * A 20,000-subscriber run counted 6 delivered messages as failed: the settling read a key as neither
     * finished nor queued once and gave it up. Here the outbox answers so for each key's first look, as
     * if every message were caught in that moment: all are still counted as sent once they are.
     */
    @Test
    void aMessageMomentarilyNeitherQueuedNorFinishedIsNotCountedAsFailed() {
        int province = 20; // Lạng Sơn
        List<String> audience = List.of(telegramSubscriber(province, null, List.of()),
                telegramSubscriber(province, null, List.of()), telegramSubscriber(province, null, List.of()));
        String text = "Cảnh báo " + UUID.randomUUID();
        Campaign campaign = sendNow(text, new Audience(List.of(province), null, null, null));
        String prefix = "bc:" + campaign.id() + ":";
        Map<String, Integer> outcomeReads = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> queuedReads = new java.util.concurrent.ConcurrentHashMap<>();
        // A settling reads outcome, queued, outcome, queued: the first two of each find nothing.
        doAnswer(call -> {
            String key = call.getArgument(0);
            return key.startsWith(prefix) && outcomeReads.merge(key, 1, Integer::sum) <= 2 ? Optional.empty()
                    : call.callRealMethod();
        }).when(outbox).outcome(anyString());
        doAnswer(call -> {
            String key = call.getArgument(0);
            return key.startsWith(prefix) && queuedReads.merge(key, 1, Integer::sum) <= 2 ? false : call.callRealMethod();
        }).when(outbox).isQueued(anyString());

        Campaign done = runUntilDone(campaign.id());

        assertThat(queuedReads).as("every key was read as missing").hasSize(audience.size());
        assertThat(received(text).stream().map(FakeTelegram.Call::chatId).toList())
                .containsExactlyInAnyOrderElementsOf(audience);
        assertThat(done.progress().failed()).isZero();
        assertThat(done.progress().sent()).isEqualTo(audience.size());
    }

    @Test
    void aTooManyRequestsAnswerIsWaitedOutAndNothingIsLost() {
        int province = 12;
        List<String> audience = List.of(telegramSubscriber(province, null, List.of()),
                telegramSubscriber(province, null, List.of()), telegramSubscriber(province, null, List.of()));
        telegram.failNext("sendMessage", 2, FakeTelegram.Failure.tooManyRequests(1));
        String text = "Giao thông " + UUID.randomUUID();
        Campaign done = runUntilDone(sendNow(text, new Audience(List.of(province), null, null, null)).id());

        assertThat(received(text).stream().map(FakeTelegram.Call::chatId).toList())
                .containsExactlyInAnyOrderElementsOf(audience);
        assertThat(telegram.calls("sendMessage").stream().filter(c -> c.status() == 429)).isNotEmpty();
        assertThat(done.progress().sent()).isEqualTo(3);
    }

    @Test
    void aWebChatCitizenSubscribesGetsTheNewsInTheInboxAndStopsWithSlashStop() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("menu").press("📣 Nhận tin cảnh báo").press("🗺️ Chọn tỉnh/thành, phường/xã");
        citizen.say("Hà Nội");
        citizen.press(citizen.lastMessages().get(citizen.lastMessages().size() - 1).path("buttons").get(0)
                .path("label").asText());
        citizen.press("💳 Cảnh báo lừa đảo");
        assertThat(citizen.lastText()).contains("đã đăng ký");
        String key = webSessions.reporterKey(citizen.session());
        Subscriptions.Subscriber subscriber = subscriptions.find(key);
        assertThat(subscriber.active()).isTrue();
        assertThat(subscriber.province()).isEqualTo(1);
        assertThat(subscriber.commune()).isNotNull();
        assertThat(subscriber.topics()).containsExactly("scam");

        String text = "Tin web " + UUID.randomUUID();
        Campaign done = runUntilDone(sendNow(text, new Audience(null, List.of(subscriber.commune()), List.of("scam"),
                List.of("web"))).id());
        assertThat(done.progress().sent()).isEqualTo(done.progress().audience()).isGreaterThanOrEqualTo(1);
        assertThat(citizen.inboxTexts()).contains(text);

        citizen.say("/stop");
        assertThat(citizen.lastText()).contains("đã hủy nhận tin");
        assertThat(subscriptions.isActive(key)).isFalse();
        citizen.say("/stop");
        assertThat(citizen.lastText()).contains("không đăng ký");
        // A draft for nobody may be written; approving it may not.
        Campaign nobody = campaigns.create(AUTHOR, new Campaigns.Draft(null, "x", null,
                new Audience(null, List.of(subscriber.commune()), List.of("scam"), List.of("web")), null));
        assertThatThrownBy(() -> campaigns.approve(APPROVER, nobody.id()))
                .isInstanceOf(CampaignRefused.class).extracting(e -> ((CampaignRefused) e).reason())
                .isEqualTo(CampaignRefused.Reason.NO_AUDIENCE);
    }

    @Test
    void aProvinceAndAWardAreFoundByTheNamesCitizensTypeAndTheConfirmationRepeatsThem() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("menu").press("📣 Nhận tin cảnh báo").press("🗺️ Chọn tỉnh/thành, phường/xã");
        citizen.say("sai gon");
        assertThat(citizen.lastText()).contains("Gõ tên phường/xã để tìm nhanh", "/");
        citizen.say("ben thanh");
        assertThat(citizen.lastText()).contains("Bạn quan tâm đến tin nào?");
        citizen.press("💊 Ma túy");
        assertThat(citizen.lastText()).contains("«💊 Ma túy»", "Phường Bến Thành, Thành phố Hồ Chí Minh");
        Subscriptions.Subscriber subscriber = subscriptions.find(webSessions.reporterKey(citizen.session()));
        assertThat(subscriber.province()).isEqualTo(79);

        for (String typed : List.of("tp hcm", "HCM", "sg", "hn", "đà nẵng", "da nang")) {
            WebChatClient other = WebChatClient.open(port);
            other.say("menu").press("📣 Nhận tin cảnh báo").press("🗺️ Chọn tỉnh/thành, phường/xã").say(typed);
            assertThat(other.lastText()).as(typed).contains("Gõ tên phường/xã để tìm nhanh");
        }
        WebChatClient national = WebChatClient.open(port);
        national.say("menu").press("📣 Nhận tin cảnh báo").press("Bỏ qua (tin toàn quốc)").press("📰 Tất cả");
        assertThat(national.lastText()).contains("«📰 Tất cả» cho cả nước");
    }

    /** Issue 20: a city's 168 wards were 21 pages of buttons; now two pages at most, and the rest typed. */
    @Test
    void theWardStepIsAShortListBehindTypingTheName() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("menu").press("📣 Nhận tin cảnh báo").press("🗺️ Chọn tỉnh/thành, phường/xã");
        citizen.say("sai gon");
        assertThat(citizen.lastText()).contains("Danh sách chỉ có 16 trong 168 phường/xã.",
                "Gõ tên phường/xã để tìm nhanh, hoặc chọn (1/2)");
        assertThat(buttons(citizen)).hasSizeLessThanOrEqualTo(10).contains("➡️ Trang sau");
        citizen.press("Trang sau");
        assertThat(citizen.lastText()).contains("hoặc chọn (2/2)");
        assertThat(buttons(citizen)).hasSizeLessThanOrEqualTo(10).contains("⬅️ Trang trước")
                .doesNotContain("➡️ Trang sau");
        // A ward beyond the short list is still found by its name, typed at the last page.
        citizen.say("thanh an");
        assertThat(citizen.lastText()).contains("Bạn quan tâm đến tin nào?");
        citizen.press("📰 Tất cả");
        assertThat(citizen.lastText()).contains("Xã Thanh An, Thành phố Hồ Chí Minh");

        // The police flow's list of a province's communes is not cut short.
        WebChatClient police = WebChatClient.open(port);
        police.say("menu").press("👮 Tìm Công an phường/xã").press("🗺️ Chọn theo tỉnh/thành").say("sai gon");
        assertThat(police.lastText()).contains("(1/21)").doesNotContain("Danh sách chỉ có");
    }

    private static List<String> buttons(WebChatClient citizen) {
        List<String> labels = new ArrayList<>();
        citizen.lastMessages().forEach(m -> m.path("buttons").forEach(b -> labels.add(b.path("label").asText())));
        return labels;
    }

    @Test
    void cancelInsideAFlowStillCancelsAndStopWithoutASubscriptionIsHarmless() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("menu").press("📣 Nhận tin cảnh báo");
        citizen.say("/cancel");
        assertThat(subscriptions.find(webSessions.reporterKey(citizen.session()))).isNull();
        citizen.say("/stop");
        assertThat(citizen.lastText()).contains("không đăng ký");
    }
}
