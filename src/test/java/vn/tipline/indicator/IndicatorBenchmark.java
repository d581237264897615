package vn.tipline.indicator;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.Application;
import vn.tipline.support.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22's scale item: N indicators (default 1,000,000, nTrust's order of size) imported into the
 * embedded store, then citizens' checks from concurrent threads through the real lookup path
 * ({@link CitizenCheck#check}, what the bot's {@code indicator.check} action calls), then the heap
 * in use, and the start-up and resident memory of the service in a child JVM on that data.
 * Skipped in the normal run; prints one {@code BENCH-INDICATORS} line.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class IndicatorBenchmark {

    /** One in ten imported indicators is confirmed; the rest are reports, which a check must not reveal. */
    private static final int CONFIRMED_EVERY = 10;
    private static final int BATCH = 5_000;

    @TempDir
    Path dataDir;

    @Test
    void lookUpAmongAMillionIndicators() throws Exception {
        int n = Integer.getInteger("bench.indicators", 1_000_000);
        int threads = Integer.getInteger("bench.threads", 8);
        int checks = Integer.getInteger("bench.checks", 40_000);
        long importNanos;
        long[] latencies;
        long loadNanos;
        long heapUsed;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.store.data-dir=" + dataDir, "--server.port=0")) {
            long start = System.nanoTime();
            importIndicators(context.getBean(MongoTemplate.class), n);
            importNanos = System.nanoTime() - start;
            CitizenCheck check = context.getBean(CitizenCheck.class);
            run(check, threads, Math.min(checks, 4_000), n, 1); // warm-up (JIT)
            start = System.nanoTime();
            latencies = run(check, threads, checks, n, 2);
            loadNanos = System.nanoTime() - start;
            System.gc();
            heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }
        Arrays.sort(latencies);
        System.out.printf("%nBENCH-INDICATORS indicators=%d (%d confirmed) imported in %.1f s (%.0f/s); checks=%d from %d threads "
                        + "in %.1f s (%.0f/s): p50 %.2f ms, p99 %.2f ms, max %.2f ms; heap in use after the checks %d MiB "
                        + "(test JVM, after GC); store on disk %d MiB%n",
                n, n / CONFIRMED_EVERY, importNanos / 1e9, n / (importNanos / 1e9), latencies.length, threads, loadNanos / 1e9,
                latencies.length / (loadNanos / 1e9), pct(latencies, 0.50), pct(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6, heapUsed >> 20, size(dataDir) >> 20);
        // Printed apart: a service that cannot start on this data is a finding too, not a lost run.
        int port = ServiceProcess.freePort();
        try (ServiceProcess service = ServiceProcess.start(dataDir, port, List.of())) {
            long start = System.nanoTime();
            service.awaitHealthy(Duration.ofMinutes(10));
            long startupNanos = System.nanoTime() - start;
            System.out.printf("%nBENCH-INDICATORS-START service in a child JVM (-Xmx512m, C1, SerialGC) on that data: "
                    + "health UP in %.1f s, RSS %d MiB%n", startupNanos / 1e9, rss(service.pid()) >> 10);
            service.stop();
        }
        assertThat(latencies).isNotEmpty();
    }

    /** The value of indicator {@code i}: a distinct mobile number from 090 000 0000 on. */
    static String phone(int i) {
        return String.format("+8490%07d", i);
    }

    private static String local(int i) {
        String e164 = phone(i);
        return "0" + e164.substring(3, 6) + " " + e164.substring(6, 9) + " " + e164.substring(9);
    }

    private static void importIndicators(MongoTemplate mongo, int n) {
        MongoCollection<Document> indicators = mongo.getCollection(IndicatorRecord.COLLECTION);
        Date now = new Date();
        List<Document> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < n; i++) {
            String value = phone(i);
            boolean confirmed = i % CONFIRMED_EVERY == 0;
            batch.add(new Document("_id", IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, value, null)))
                    .append("type", "PHONE").append("value", value)
                    .append("status", confirmed ? "CONFIRMED" : "REPORTED").append("checks", 0L)
                    .append("tips", List.of(new Document("_id", "bench-" + i).append("at", now)))
                    .append("firstSeen", now).append("lastSeen", now));
            if (batch.size() == BATCH) {
                indicators.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            indicators.insertMany(batch);
        }
    }

    /**
     * {@code perThread × threads} checks as citizens type them ("0900 012 340"): a third confirmed
     * (found, and counted), a third reported only, a third unknown. Returns each check's latency.
     */
    private static long[] run(CitizenCheck check, int threads, int total, int n, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                int count = total / threads;
                futures.add(pool.submit(() -> {
                    long[] own = new long[count];
                    for (int k = 0; k < count; k++) {
                        int i = random.nextInt(n);
                        String typed = switch (k % 3) {
                            case 0 -> local(i - i % CONFIRMED_EVERY);
                            case 1 -> local(i % CONFIRMED_EVERY == 0 ? i + 1 : i);
                            default -> "0912 " + String.format("%03d %03d", random.nextInt(1000), random.nextInt(1000));
                        };
                        long start = System.nanoTime();
                        var found = check.check(typed);
                        own[k] = System.nanoTime() - start;
                        if (found.isEmpty()) {
                            throw new AssertionError("nothing checkable in " + typed);
                        }
                    }
                    return own;
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                all.add(future.get());
            }
            return all.stream().flatMapToLong(Arrays::stream).toArray();
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static long rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
