package vn.tipline.broadcast;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.Prometheus;
import vn.tipline.support.ServiceProcess;
import vn.tipline.tip.ReporterKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not part of the suite (enabled with -Dbench=true; see bench/README.md): the broadcast benchmark
 * scaled out. A store-only process ({@code --store-only}) and two service JVMs on it by
 * {@code MONGODB_URI} send one campaign to N Telegram subscribers against a Bot API that enforces
 * Telegram's caps (30/s per bot, 1/s per chat, 429 above). When a random share (25–75%, seeded) has
 * been reached, one instance is killed with SIGKILL; the other takes over its leases (shortened to
 * 5 s, as in MultiInstanceTest) and finishes. Prints the rate as a share of the one cap the two share,
 * 429s, duplicates (allowed: the killed instance's send-crash window, one per delivery thread) and
 * misses, with the load average.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class BroadcastScaleOutBenchmark {

    static final String REPORTER_SECRET = "YmVuY2gtc2NhbGUtb3V0LXJlcG9ydGVyLXNlY3JldC0zMmJ5dGVzISE=";
    static final int WORKERS = 8;
    private static final String ADMIN_PASSWORD = "Bench-Scale-Out-Pass-2026";

    @TempDir
    Path dir;

    @Test
    void twoInstancesDeliverACampaignAtTheSharedCapAcrossAKillDashNineOfOne() throws Exception {
        int n = Integer.getInteger("bench.subscribers", 3_000);
        long seed = Long.getLong("bench.seed", System.nanoTime());
        double killAt = 0.25 + new Random(seed).nextDouble() * 0.5;
        String loadBefore = load();
        int storePort = ServiceProcess.freePort();
        String uri = "mongodb://127.0.0.1:" + storePort + "/tipline";
        BroadcastBenchmark.CappedBotApi api = BroadcastBenchmark.CappedBotApi.start();
        try (ServiceProcess store = ServiceProcess.start(dir.resolve("store"), ServiceProcess.freePort(),
                List.of("--store-only", "--tipline.store.serve-port=" + storePort));
             MongoClient client = MongoClients.create(uri + "?serverSelectionTimeoutMS=60000")) {
            client.getDatabase("tipline").runCommand(new Document("ping", 1));
            String campaignId = seed(uri, n);
            List<String> args = List.of("--tipline.store.mongodb-uri=" + uri,
                    "--tipline.reporter.secret=" + REPORTER_SECRET,
                    "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                    "--tipline.telegram.api-url=" + api.url(),
                    "--tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
                    "--tipline.telegram.webhook-secret=bench_scale_out_webhook_secret_01",
                    "--tipline.outbox.lease=PT5S", "--tipline.outbox.workers=" + WORKERS,
                    "--tipline.broadcast.lease=PT5S", "--tipline.officer.admin-password=" + ADMIN_PASSWORD);
            long killedAt;
            long delivered;
            String slots;
            try (ServiceProcess a = ServiceProcess.start(dir.resolve("a"), ServiceProcess.freePort(), args);
                 ServiceProcess b = ServiceProcess.start(dir.resolve("b"), ServiceProcess.freePort(), args)) {
                a.awaitHealthy(Duration.ofMinutes(6));
                b.awaitHealthy(Duration.ofMinutes(6));
                long target = (long) (n * killAt);
                Instant giveUp = Instant.now().plus(Duration.ofHours(2));
                while (api.ok.get() < target) {
                    if (Instant.now().isAfter(giveUp)) {
                        throw new AssertionError("only " + api.ok.get() + " delivered in 2 h");
                    }
                    Thread.sleep(20);
                }
                a.kill(); // SIGKILL
                killedAt = System.nanoTime();
                delivered = api.ok.get();
                Instant deadline = Instant.now().plus(Duration.ofHours(2));
                while (api.perChat.size() < n && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                }
                Thread.sleep(3000); // any late duplicate would arrive now
                Prometheus survivor = Prometheus.scrape(b.port(), "admin", ADMIN_PASSWORD);
                slots = String.format(Locale.ROOT, "survivor's slots given up late %.0f, moved by a late answer %.0f",
                        survivor.value("tipline_outbox_cap_slots_total", "channel=\"telegram\"", "outcome=\"given_up_late\""),
                        survivor.value("tipline_outbox_cap_slots_total", "channel=\"telegram\"", "outcome=\"delayed_by_late_answer\""));
                b.stop();
            }
            long first = api.firstOk.get();
            long last = api.lastOk.get();
            long duplicates = api.perChat.values().stream().mapToLong(c -> c.get() - 1).sum();
            long misses = n - api.perChat.size();
            double rate = (api.ok.get() - 1) / ((last - first) / 1e9);
            double before = (delivered - 1) / ((killedAt - first) / 1e9);
            double after = (api.ok.get() - delivered) / ((last - killedAt) / 1e9);
            Campaign done = new MongoTemplate(client, "tipline").findById(campaignId, Campaign.class);
            System.out.printf("%nBENCH-SCALE-OUT instances=2 subscribers=%d seed=%d killed one at %d delivered (%.0f%%); "
                            + "%.2f msg/s first to last = %.1f%% of %d/s (before the kill %.1f%%, after %.1f%%); 429s=%d (over the overall cap %d); "
                            + "duplicates=%d (allowed %d); misses=%d; state %s; %s; load average %s before, %s after%n",
                    n, seed, delivered, 100.0 * delivered / n, rate, 100 * rate / BroadcastBenchmark.CAP, BroadcastBenchmark.CAP,
                    100 * before / BroadcastBenchmark.CAP, 100 * after / BroadcastBenchmark.CAP, api.tooMany.get(), api.overCap.get(),
                    duplicates, WORKERS, misses, done == null ? "?" : done.state(), slots, loadBefore, load());
        } finally {
            api.server.stop(0);
        }
    }

    /** N subscribers and an approved campaign due now, written by a third instance that then stops. */
    private String seed(String uri, int n) {
        try (ConfigurableApplicationContext seeding = new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--server.port=0", "--tipline.store.mongodb-uri=" + uri,
                        "--tipline.reporter.secret=" + REPORTER_SECRET, "--tipline.broadcast.tick=PT1H",
                        "--tipline.officer.admin-password=" + ADMIN_PASSWORD,
                        "--tipline.store.data-dir=" + dir.resolve("seed"))) {
            BroadcastBenchmark.subscribe(seeding.getBean(MongoTemplate.class), seeding.getBean(ReporterKeys.class), n);
            Campaigns campaigns = seeding.getBean(Campaigns.class);
            Campaign draft = campaigns.create(new Campaigns.Actor("bench-author", true, false), new Campaigns.Draft("bench",
                    "Cảnh báo lừa đảo (benchmark, hai tiến trình)", null, new Audience(List.of(1), null, null, null), null));
            campaigns.approve(new Campaigns.Actor("bench-approver", false, true), draft.id());
            campaigns.schedule(new Campaigns.Actor("bench-author", true, false), draft.id(), null);
            return draft.id();
        }
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
