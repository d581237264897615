package vn.tipline.broadcast;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.ServiceProcess;
import vn.tipline.support.TelegramUpdates;
import vn.tipline.tip.ReporterKeys;
import vn.tipline.tip.TestReporterKeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service processes on one store, as behind one webhook URL on a replica set: a store-only process
 * ({@code --store-only}) and two service JVMs pointed at it by {@code MONGODB_URI}. While a campaign
 * runs across both, citizens' updates arrive at either; then one instance is {@code kill -9}ed. The
 * other takes over its leases (outbox lanes, campaign buckets, journal claims): every subscriber is
 * reached, every acknowledged update answered, and nothing is sent twice except within the documented
 * send-crash window (what the Bot API accepted just before the kill, before it was recorded as sent: at
 * most one message per delivery thread, and the replies of the one update each inbound worker had in
 * hand, of the killed instance). The Bot API, shared by both, gets the cap of one bot, not of two
 * (never more than 30 arrivals in any second), and the Zalo token, needed by both
 * instances at once, is refreshed once.
 */
class MultiInstanceTest {

    static final int SUBSCRIBERS = 900;
    static final int CITIZENS = 40;
    static final int ZALO_SUBSCRIBERS = 60;
    static final int WORKERS = 8;
    /** The send-crash window of the killed instance: a message per delivery thread, an update's replies (up to 3) per inbound worker (4, set below). */
    static final int SEND_CRASH_WINDOW = WORKERS + 4 * 3;
    static final String SECRET = "multi_instance_webhook_secret_0123";
    /** The secret the seeded subscribers' pseudonyms were made with. */
    static final String REPORTER_SECRET = TestReporterKeys.SECRET;

    @TempDir
    Path dir;

    @Test
    void twoInstancesShareOneStoreAndOneCapAndSurviveAKillDashNineOfEither() throws Exception {
        long started = System.nanoTime();
        int storePort = ServiceProcess.freePort();
        String uri = "mongodb://127.0.0.1:" + storePort + "/tipline";
        try (FakeTelegram telegram = FakeTelegram.start();
             FakeZaloApi zalo = FakeZaloApi.start();
             ServiceProcess store = ServiceProcess.start(dir.resolve("store"), ServiceProcess.freePort(),
                     List.of("--store-only", "--tipline.store.serve-port=" + storePort));
             MongoClient client = MongoClients.create(uri + "?serverSelectionTimeoutMS=60000")) {
            client.getDatabase("tipline").runCommand(new Document("ping", 1));
            String campaignId = seed(client);

            List<String> args = List.of("--tipline.store.mongodb-uri=" + uri,
                    "--tipline.reporter.secret=" + REPORTER_SECRET,
                    "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                    "--tipline.telegram.api-url=" + telegram.url(),
                    "--tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
                    "--tipline.telegram.webhook-secret=" + SECRET,
                    "--tipline.telegram.update-lease=PT5S", "--tipline.telegram.resume-interval=PT2S",
                    "--tipline.outbox.lease=PT5S", "--tipline.outbox.workers=" + WORKERS, "--tipline.telegram.workers=4",
                    "--tipline.broadcast.lease=PT5S",
                    "--tipline.zalo.app-id=" + FakeZaloApi.APP_ID, "--tipline.zalo.app-secret=" + FakeZaloApi.APP_SECRET,
                    "--tipline.zalo.oa-secret-key=multi-instance-oa-secret", "--tipline.zalo.refresh-token=refresh-0",
                    "--tipline.zalo.api-url=" + zalo.url(), "--tipline.zalo.oauth-url=" + zalo.url());
            try (ServiceProcess a = ServiceProcess.start(dir.resolve("a"), ServiceProcess.freePort(), args);
                 ServiceProcess b = ServiceProcess.start(dir.resolve("b"), ServiceProcess.freePort(), args)) {
                a.awaitHealthy(Duration.ofMinutes(6));
                b.awaitHealthy(Duration.ofMinutes(6));

                // The campaign is under way on both when the citizens write and one instance dies.
                await(() -> campaignMessages(telegram).size() >= SUBSCRIBERS / 4, Duration.ofMinutes(2), "campaign start");
                // One citizen's conversation moves from instance to instance, message by message: each instance reads
                // what the other wrote (with a shared store no instance answers from its own copy of a conversation).
                long walker = 5_100_000_000L;
                walk(telegram, a, walker, "/start", "Bạn muốn làm gì?");
                walk(telegram, b, walker, "bao tin", "Tin báo của bạn về việc gì?");
                walk(telegram, a, walker, "ma tuy", "Hãy kể lại việc bạn biết");
                Map<Long, Integer> acknowledged = new HashMap<>();
                for (int i = 0; i < CITIZENS; i++) {
                    long chat = 5_000_000_000L + i;
                    if (i == CITIZENS / 2) {
                        a.kill();
                    }
                    ServiceProcess target = i % 2 == 0 ? a : b;
                    String update = TelegramUpdates.text(chat, "/start").put("update_id", telegram.nextUpdateId()).toString();
                    int status = post(telegram, target, update);
                    if (status != 200) {
                        // Telegram delivers an unacknowledged update again, here to the instance still up.
                        status = post(telegram, b, update);
                    }
                    acknowledged.put(chat, status);
                }
                assertThat(acknowledged).as("every update acknowledged by one instance or the other").allSatisfy((chat, status) -> assertThat(status).isEqualTo(200));

                await(() -> campaignMessages(telegram).stream().map(FakeTelegram.Call::chatId).distinct().count() >= SUBSCRIBERS,
                        Duration.ofMinutes(5), "every subscriber reached");
                await(() -> acknowledged.keySet().stream().allMatch(chat -> !telegram.delivered(String.valueOf(chat)).isEmpty()),
                        Duration.ofMinutes(2), "every citizen answered");
                await(() -> zalo.sent.size() >= ZALO_SUBSCRIBERS, Duration.ofMinutes(2), "every Zalo subscriber reached");
                Thread.sleep(2000); // a late duplicate would arrive now

                List<FakeTelegram.Call> sent = telegram.calls("sendMessage");
                int duplicates = 0;
                Map<String, List<String>> byChat = sent.stream().filter(c -> c.status() == 200)
                        .collect(Collectors.groupingBy(FakeTelegram.Call::chatId, Collectors.mapping(FakeTelegram.Call::text,
                                Collectors.toList())));
                for (List<String> texts : byChat.values()) {
                    duplicates += texts.size() - (int) texts.stream().distinct().count();
                }
                assertThat(duplicates).as("messages sent twice: only in the send-crash window of the killed instance")
                        .isLessThanOrEqualTo(SEND_CRASH_WINDOW);
                assertThat(campaignMessages(telegram).stream().map(FakeTelegram.Call::chatId).distinct().count())
                        .isEqualTo(SUBSCRIBERS);
                // Both instances sent to Zalo from the start, each needing a token: one refresh between them.
                assertThat(zalo.refreshes.get()).as("Zalo token refreshes").isEqualTo(1);
                assertThat(zalo.sent.keySet()).hasSize(ZALO_SUBSCRIBERS);
                duplicates += zalo.sent.values().stream().mapToInt(n -> n.get() - 1).sum();
                assertThat(duplicates).isLessThanOrEqualTo(SEND_CRASH_WINDOW);

                // One cap for the bot, whichever instance sent: two instances each keeping its own cap put up to
                // 60 in one second. Counted here on arrival, as the platform counts, in every window of one
                // second: the limiter paces 30 slots over 1.025 s between the instances, and a worker woken more
                // than 10 ms after its slot takes another, which leaves 15 ms for each request's way here.
                List<Instant> at = sent.stream().map(FakeTelegram.Call::at).sorted().toList();
                int most = busiest(at, Duration.ofSeconds(1));
                int mostInFive = busiest(at, Duration.ofSeconds(5));
                assertThat(most).as("most messages within one second").isLessThanOrEqualTo(30);
                assertThat(mostInFive).as("most messages within five seconds").isLessThanOrEqualTo(5 * 30);
                // Conversations intact: each citizen has one conversation, the one its update started.
                MongoTemplate mongo = new MongoTemplate(client, "tipline");
                assertThat(mongo.getCollection("conversations").countDocuments()).isEqualTo(CITIZENS + 1);
                Campaign done = campaign(mongo, campaignId);
                System.out.printf("MULTI-INSTANCE campaign %s, %d Telegram messages, most in one second %d, in five seconds %d, "
                                + "%d duplicates, %d Zalo refreshes, %.1f s in all%n", done == null ? "?" : done.state(), sent.size(),
                        most, mostInFive, duplicates, zalo.refreshes.get(), (System.nanoTime() - started) / 1e9);
                b.stop();
            }
        }
    }

    private static List<FakeTelegram.Call> campaignMessages(FakeTelegram telegram) {
        return telegram.calls("sendMessage").stream().filter(c -> c.status() == 200 && c.chatId().startsWith("9")).toList();
    }

    /** Posts one message of {@code chat} to {@code instance} and waits for the reply that says which step it reached. */
    private void walk(FakeTelegram telegram, ServiceProcess instance, long chat, String text, String expected) throws Exception {
        int before = telegram.delivered(String.valueOf(chat)).size();
        String update = TelegramUpdates.text(chat, text).put("update_id", telegram.nextUpdateId()).toString();
        assertThat(post(telegram, instance, update)).isEqualTo(200);
        await(() -> telegram.delivered(String.valueOf(chat)).size() > before
                && telegram.delivered(String.valueOf(chat)).stream().skip(before).anyMatch(c -> c.text().contains(expected)),
                Duration.ofSeconds(30), "the reply to «" + text + "»: " + expected);
    }

    private int post(FakeTelegram telegram, ServiceProcess instance, String body) {
        try {
            return telegram.push(instance.url("/webhook/telegram"), body, SECRET);
        } catch (IllegalStateException down) {
            return 0;
        }
    }

    /**
     * Subscribers and a campaign approved and due now, written straight into the store as the console
     * leaves them (no third service: a Spring context here cost 20–60 s of a loaded machine).
     */
    private String seed(MongoClient client) {
        MongoTemplate mongo = new MongoTemplate(client, "tipline");
        ReporterKeys keys = TestReporterKeys.create();
        BroadcastBenchmark.subscribe(mongo, keys, SUBSCRIBERS);
        Date since = Date.from(Instant.now().minusSeconds(60));
        for (int i = 0; i < ZALO_SUBSCRIBERS; i++) {
            String user = String.valueOf(7_000_000_000L + i);
            String key = keys.keyFor("zalo", user);
            mongo.getCollection("reporter_addresses").insertOne(new Document("_id", key).append("channel", "zalo")
                    .append("chatId", user).append("createdAt", since));
            mongo.getCollection(Subscriptions.COLLECTION).insertOne(new Document("_id", key).append("channel", "zalo")
                    .append("province", 1).append("topics", List.of()).append("language", "vi").append("active", true)
                    .append("since", since).append("updatedAt", since).append("bucket", Subscriptions.bucketOf(key)));
        }
        Instant now = Instant.now();
        Campaign due = new Campaign(UUID.randomUUID().toString(), "scale-out", "Cảnh báo lừa đảo (hai tiến trình)", null,
                new Audience(List.of(1), null, null, null), Campaign.State.SCHEDULED, null, now, "author", "approver", now, now,
                null, null, false, Campaign.Progress.NONE, null, null);
        mongo.insert(due);
        return due.id();
    }

    /**
     * Zalo's OAuth and send endpoints, as Zalo answers them: a refresh token works once (a second
     * refresh with it is refused), and a send needs the access token of the last refresh.
     */
    static final class FakeZaloApi implements AutoCloseable {

        static final String APP_ID = "1234567890";
        static final String APP_SECRET = "multi-instance-app-secret";
        final HttpServer server;
        final AtomicInteger refreshes = new AtomicInteger();
        final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        private final ObjectMapper json = new ObjectMapper();
        private String refresh = "refresh-0";
        private volatile String access;

        private FakeZaloApi(HttpServer server) {
            this.server = server;
        }

        static FakeZaloApi start() throws IOException {
            FakeZaloApi fake = new FakeZaloApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
            fake.server.createContext("/v4/oa/access_token", fake::token);
            fake.server.createContext("/v3.0/oa/message/cs", fake::send);
            fake.server.setExecutor(Executors.newFixedThreadPool(8));
            fake.server.start();
            return fake;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private synchronized void token(HttpExchange exchange) throws IOException {
            refreshes.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!form.contains("refresh_token=" + refresh)) {
                reply(exchange, "{\"error\":-14014,\"error_name\":\"Invalid refresh token\"}");
                return;
            }
            refresh = "refresh-" + refreshes.get();
            access = "access-" + refreshes.get();
            reply(exchange, "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh
                    + "\",\"expires_in\":\"90000\"}");
        }

        private void send(HttpExchange exchange) throws IOException {
            String user = json.readTree(exchange.getRequestBody().readAllBytes()).path("recipient").path("user_id").asText();
            if (access == null || !access.equals(exchange.getRequestHeaders().getFirst("access_token"))) {
                reply(exchange, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
                return;
            }
            sent.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
            reply(exchange, "{\"error\":0,\"message\":\"Success\",\"data\":{\"message_id\":\"m\",\"user_id\":\"" + user + "\"}}");
        }

        private static void reply(HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Campaign campaign(MongoTemplate mongo, String id) {
        return mongo.findById(id, Campaign.class);
    }

    private static void await(BooleanSupplier condition, Duration atMost, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** The most arrivals within any window of {@code window}. */
    private static int busiest(List<Instant> sorted, Duration window) {
        int most = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && Duration.between(sorted.get(i), sorted.get(j)).compareTo(window) < 0) {
                j++;
            }
            most = Math.max(most, j - i);
        }
        return most;
    }

}
