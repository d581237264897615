package vn.tipline.broadcast;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.ServiceProcess;
import vn.tipline.support.TelegramUpdates;
import vn.tipline.tip.ReporterKeys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service processes on one store, as behind one webhook URL on a replica set: a store-only process
 * ({@code --store-only}) and two service JVMs pointed at it by {@code MONGODB_URI}. While a campaign
 * runs across both, citizens' updates arrive at either; then one instance is {@code kill -9}ed. The
 * other takes over its leases (outbox lanes, campaign buckets, journal claims): every subscriber is
 * reached, every acknowledged update answered, and nothing is sent twice except within the documented
 * send-crash window (a message the Bot API accepted just before the kill, before the outbox recorded
 * it: at most one per delivery thread of the killed instance). The Bot API, shared by both, never sees
 * more than 30 messages in any sliding second.
 */
class MultiInstanceTest {

    static final int SUBSCRIBERS = 900;
    static final int CITIZENS = 40;
    static final int WORKERS = 8;
    static final String SECRET = "multi_instance_webhook_secret_0123";
    static final String REPORTER_SECRET = "bXVsdGktaW5zdGFuY2UtcmVwb3J0ZXItc2VjcmV0LTMyYnl0ZXMhIQ==";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void twoInstancesShareOneStoreAndOneCapAndSurviveAKillDashNineOfEither() throws Exception {
        long started = System.nanoTime();
        int storePort = ServiceProcess.freePort();
        String uri = "mongodb://127.0.0.1:" + storePort + "/tipline";
        try (FakeTelegram telegram = FakeTelegram.start();
             ServiceProcess store = ServiceProcess.start(dir.resolve("store"), ServiceProcess.freePort(),
                     List.of("--store-only", "--tipline.store.serve-port=" + storePort));
             MongoClient client = MongoClients.create(uri + "?serverSelectionTimeoutMS=60000")) {
            client.getDatabase("tipline").runCommand(new Document("ping", 1));
            String campaignId = seed(uri);

            List<String> args = List.of("--tipline.store.mongodb-uri=" + uri,
                    "--tipline.reporter.secret=" + REPORTER_SECRET,
                    "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                    "--tipline.telegram.api-url=" + telegram.url(),
                    "--tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
                    "--tipline.telegram.webhook-secret=" + SECRET,
                    "--tipline.telegram.update-lease=PT5S", "--tipline.telegram.resume-interval=PT2S",
                    "--tipline.outbox.lease=PT5S", "--tipline.outbox.workers=" + WORKERS,
                    "--tipline.broadcast.lease=PT5S");
            try (ServiceProcess a = ServiceProcess.start(dir.resolve("a"), ServiceProcess.freePort(), args);
                 ServiceProcess b = ServiceProcess.start(dir.resolve("b"), ServiceProcess.freePort(), args)) {
                a.awaitHealthy(Duration.ofMinutes(3));
                b.awaitHealthy(Duration.ofMinutes(3));

                // The campaign is under way on both when the citizens write and one instance dies.
                await(() -> campaignMessages(telegram).size() >= SUBSCRIBERS / 4, Duration.ofMinutes(2), "campaign start");
                Map<Long, Boolean> acknowledged = new HashMap<>();
                for (int i = 0; i < CITIZENS; i++) {
                    long chat = 5_000_000_000L + i;
                    if (i == CITIZENS / 2) {
                        a.kill();
                    }
                    ServiceProcess target = i % 2 == 0 ? a : b;
                    int status = post(target, TelegramUpdates.text(chat, "/start").toString());
                    if (status != 200) {
                        // Telegram delivers an unacknowledged update again, here to the instance still up.
                        status = post(b, TelegramUpdates.text(chat, "/start").toString());
                    }
                    acknowledged.put(chat, status == 200);
                }
                assertThat(acknowledged).as("every update acknowledged by one instance or the other").doesNotContainValue(false);

                await(() -> campaignMessages(telegram).stream().map(FakeTelegram.Call::chatId).distinct().count() >= SUBSCRIBERS,
                        Duration.ofMinutes(3), "every subscriber reached");
                await(() -> acknowledged.keySet().stream().allMatch(chat -> !telegram.delivered(String.valueOf(chat)).isEmpty()),
                        Duration.ofMinutes(2), "every citizen answered");
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
                        .isLessThanOrEqualTo(WORKERS);
                assertThat(campaignMessages(telegram).stream().map(FakeTelegram.Call::chatId).distinct().count())
                        .isEqualTo(SUBSCRIBERS);

                // One cap for the bot: no 31 messages within one second, whichever instance sent them.
                List<Instant> at = sent.stream().map(FakeTelegram.Call::at).sorted().toList();
                for (int i = 30; i < at.size(); i++) {
                    assertThat(Duration.between(at.get(i - 30), at.get(i))).as("messages %d to %d", i - 30, i)
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                }

                // Conversations intact: each citizen has one conversation, the one its update started.
                MongoTemplate mongo = new MongoTemplate(client, "tipline");
                assertThat(mongo.getCollection("conversations").countDocuments()).isEqualTo(CITIZENS);
                Campaign done = campaign(mongo, campaignId);
                System.out.printf("MULTI-INSTANCE campaign %s, %d messages, %d duplicates, %.1f s in all%n",
                        done == null ? "?" : done.state(), sent.size(), duplicates, (System.nanoTime() - started) / 1e9);
                b.stop();
            }
        }
    }

    private static List<FakeTelegram.Call> campaignMessages(FakeTelegram telegram) {
        return telegram.calls("sendMessage").stream().filter(c -> c.status() == 200 && c.chatId().startsWith("9")).toList();
    }

    private int post(ServiceProcess instance, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.url("/webhook/telegram")))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Subscribers and an approved campaign due now, written by a third instance that then stops. */
    private String seed(String uri) {
        try (ConfigurableApplicationContext seeding = new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--server.port=0", "--tipline.store.mongodb-uri=" + uri,
                        "--tipline.reporter.secret=" + REPORTER_SECRET, "--tipline.broadcast.tick=PT1H",
                        "--tipline.store.data-dir=" + dir.resolve("seed"))) {
            BroadcastBenchmark.subscribe(seeding.getBean(MongoTemplate.class), seeding.getBean(ReporterKeys.class), SUBSCRIBERS);
            Campaigns campaigns = seeding.getBean(Campaigns.class);
            Campaign draft = campaigns.create(new Campaigns.Actor("author", true, false), new Campaigns.Draft("scale-out",
                    "Cảnh báo lừa đảo (hai tiến trình)", null, new Audience(List.of(1), null, null, null), null));
            campaigns.approve(new Campaigns.Actor("approver", false, true), draft.id());
            campaigns.schedule(new Campaigns.Actor("author", true, false), draft.id(), null);
            return draft.id();
        }
    }

    private static Campaign campaign(MongoTemplate mongo, String id) {
        return mongo.findById(id, Campaign.class);
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration atMost, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
