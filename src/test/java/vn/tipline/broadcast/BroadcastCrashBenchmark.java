package vn.tipline.broadcast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.ServiceProcess;
import vn.tipline.tip.ReporterKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not part of the suite (enabled with -Dbench=true; see bench/README.md): the broadcast benchmark with
 * a {@code kill -9} in the middle. The service runs as a child JVM on the embedded store; when a random
 * share (25–75%, seeded) of the audience has been reached it is killed with SIGKILL and started again
 * on the same data directory, and the campaign must still reach everyone exactly once. Prints the rate
 * before and after the kill, the time the service was away, 429s, duplicates and misses.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class BroadcastCrashBenchmark {

    @TempDir
    Path dataDir;

    @Test
    void deliverACampaignAcrossAKillDashNine() throws Exception {
        int n = Integer.getInteger("bench.subscribers", 20_000);
        long seed = Long.getLong("bench.seed", System.nanoTime());
        double killAt = 0.25 + new Random(seed).nextDouble() * 0.5;
        BroadcastBenchmark.CappedBotApi api = BroadcastBenchmark.CappedBotApi.start();
        String campaignId;
        try (ConfigurableApplicationContext seeding = context("--tipline.broadcast.tick=PT1H")) {
            campaignId = seed(seeding, n);
        }
        int port = ServiceProcess.freePort();
        List<String> telegram = List.of("--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                "--tipline.telegram.api-url=" + api.url(),
                "--tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram");
        long killedAt;
        long delivered;
        try (ServiceProcess first = ServiceProcess.start(dataDir, port, telegram)) {
            first.awaitHealthy(Duration.ofMinutes(2));
            long target = (long) (n * killAt);
            Instant giveUp = Instant.now().plus(Duration.ofHours(2));
            while (api.ok.get() < target) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("only " + api.ok.get() + " delivered in 2 h: " + first.log());
                }
                Thread.sleep(20);
            }
            first.kill(); // SIGKILL
            killedAt = System.nanoTime();
            delivered = api.ok.get();
        }
        long beforeFirst = api.firstOk.get();
        long restartedAt;
        try (ServiceProcess second = ServiceProcess.start(dataDir, port, telegram)) {
            second.awaitHealthy(Duration.ofMinutes(2));
            restartedAt = System.nanoTime();
            Instant deadline = Instant.now().plus(Duration.ofHours(2));
            while (api.perChat.size() < n && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            Thread.sleep(3000); // any late duplicate would arrive now
            second.stop(); // SIGTERM: a clean stop
        }
        long last = api.lastOk.get();
        long firstAfter = api.firstAfter(killedAt);
        Campaign done;
        try (ConfigurableApplicationContext after = context(telegram.toArray(String[]::new))) {
            Campaigns campaigns = after.getBean(Campaigns.class);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            do {
                done = campaigns.get(campaignId);
                Thread.sleep(500);
            } while (done.state() != Campaign.State.DONE && Instant.now().isBefore(deadline));
        }
        long duplicates = api.perChat.values().stream().mapToLong(c -> c.get() - 1).sum();
        long misses = n - api.perChat.size();
        double before = (delivered - 1) / ((killedAt - beforeFirst) / 1e9);
        double afterRate = (api.ok.get() - delivered - 1) / ((last - firstAfter) / 1e9);
        System.out.printf("%nBENCH-CRASH subscribers=%d seed=%d killed at %d delivered (%.0f%%); before the kill %.2f msg/s "
                        + "(%.1f%% of %d/s); service away %.1f s (kill to first message after restart; start-up %.1f s); "
                        + "after the restart %.2f msg/s (%.1f%%); 429s=%d; duplicates=%d; misses=%d; state %s, progress %s%n",
                n, seed, delivered, 100.0 * delivered / n, before, 100 * before / BroadcastBenchmark.CAP,
                BroadcastBenchmark.CAP, (firstAfter - killedAt) / 1e9, (restartedAt - killedAt) / 1e9, afterRate,
                100 * afterRate / BroadcastBenchmark.CAP, api.tooMany.get(), duplicates, misses, done.state(), done.progress());
        api.server.stop(0);
    }

    private ConfigurableApplicationContext context(String... extra) {
        List<String> args = new ArrayList<>(List.of("--tipline.store.data-dir=" + dataDir, "--server.port=0"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(Application.class).profiles("test").run(args.toArray(String[]::new));
    }

    /** N Telegram subscribers in one province, and a campaign to them approved and due now. */
    private static String seed(ConfigurableApplicationContext context, int n) {
        BroadcastBenchmark.subscribe(context.getBean(MongoTemplate.class), context.getBean(ReporterKeys.class), n);
        Campaigns campaigns = context.getBean(Campaigns.class);
        Campaign draft = campaigns.create(new Campaigns.Actor("bench-author", true, false), new Campaigns.Draft("bench",
                "Cảnh báo lừa đảo (benchmark, kill -9)", null, new Audience(List.of(1), null, null, null), null));
        campaigns.approve(new Campaigns.Actor("bench-approver", false, true), draft.id());
        campaigns.schedule(new Campaigns.Actor("bench-author", true, false), draft.id(), null);
        return draft.id();
    }
}
