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

import java.io.BufferedWriter;
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
 * Issue 22's scale item: N verified indicators (default 1,000,000, nTrust's order of size) given as
 * a reference list ({@link ReferenceList}: a CSV compiled once into a memory-mapped sorted file),
 * beside S indicators from tips in the embedded store (one in ten confirmed by officers); then
 * citizens' checks from concurrent threads through the real lookup path ({@link CitizenCheck#check},
 * what the bot's {@code indicator.check} action calls), then the heap in use, and the start-up and
 * resident memory of the service in a child JVM, first on an empty store without the list, then on
 * that data with it. Skipped in the normal run; prints {@code BENCH-INDICATORS} lines.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class IndicatorBenchmark {

    /** One in ten indicators from tips is confirmed; the rest are reports, which a check must not reveal. */
    private static final int CONFIRMED_EVERY = 10;
    private static final int BATCH = 5_000;
    /** Stored indicators are numbers from 091 000 0000 on, listed ones from 090 000 0000 on, unknown ones 0912…. */
    private static final int STORED_FROM = 10_000_000;

    @TempDir
    Path dataDir;
    @TempDir
    Path emptyDir;

    @Test
    void lookUpAmongAMillionIndicators() throws Exception {
        int n = Integer.getInteger("bench.indicators", 1_000_000);
        int stored = Integer.getInteger("bench.stored", 10_000);
        int threads = Integer.getInteger("bench.threads", 8);
        int checks = Integer.getInteger("bench.checks", 40_000);
        Path csv = dataDir.resolve("reference.csv");
        long compileNanos;
        long[] latencies;
        long loadNanos;
        long heapUsed;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class).profiles("test")
                .run("--tipline.store.data-dir=" + dataDir, "--server.port=0")) {
            importStored(context.getBean(MongoTemplate.class), stored);
            writeList(csv, n);
            long start = System.nanoTime();
            ReferenceList list = context.getBean(ReferenceList.class);
            list.open(csv);
            compileNanos = System.nanoTime() - start;
            assertThat(list.size()).isEqualTo(n);
            CitizenCheck check = context.getBean(CitizenCheck.class);
            run(check, threads, Math.min(checks, 4_000), n, stored, 1); // warm-up (JIT)
            start = System.nanoTime();
            latencies = run(check, threads, checks, n, stored, 2);
            loadNanos = System.nanoTime() - start;
            System.gc();
            heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }
        Arrays.sort(latencies);
        System.out.printf("%nBENCH-INDICATORS listed=%d (CSV %d MiB, compiled in %.1f s to %d MiB) stored=%d (%d confirmed); "
                        + "checks=%d from %d threads in %.1f s (%.0f/s): p50 %.2f ms, p99 %.2f ms, max %.2f ms; heap in use after "
                        + "the checks %d MiB (test JVM, after GC)%n",
                n, Files.size(csv) >> 20, compileNanos / 1e9, Files.size(csv.resolveSibling("reference.csv.sorted")) >> 20,
                stored, stored / CONFIRMED_EVERY, latencies.length, threads, loadNanos / 1e9,
                latencies.length / (loadNanos / 1e9), pct(latencies, 0.50), pct(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6, heapUsed >> 20);
        startService(emptyDir, List.of(), "an empty store, no list");
        startService(dataDir, List.of("--tipline.indicators.reference-list=" + csv), "that data and the list");
        assertThat(latencies).isNotEmpty();
    }

    private static void startService(Path dir, List<String> args, String what) throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess service = ServiceProcess.start(dir, port, args)) {
            long start = System.nanoTime();
            service.awaitHealthy(Duration.ofMinutes(10));
            long startupNanos = System.nanoTime() - start;
            long rss = rss(service.pid());
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!args.isEmpty() && !service.log().contains("reference list") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("%nBENCH-INDICATORS-START service in a child JVM (-Xmx512m, C1, SerialGC) on %s: "
                    + "health UP in %.1f s, RSS %d MiB; %s%n", what, startupNanos / 1e9, rss >> 10,
                    service.log().lines().filter(l -> l.contains("reference list")).findFirst().orElse("-"));
            service.stop();
        }
    }

    /** The value of indicator {@code i}: a distinct mobile number, 090 000 0000 on, then 091 000 0000 on. */
    static String phone(int i) {
        return String.format("+849%d%07d", i / STORED_FROM, i % STORED_FROM);
    }

    private static String local(int i) {
        String e164 = phone(i);
        return "0" + e164.substring(3, 6) + " " + e164.substring(6, 9) + " " + e164.substring(9);
    }

    /** Indicators from tips: stored numbers, one in ten confirmed by officers. */
    private static void importStored(MongoTemplate mongo, int stored) {
        MongoCollection<Document> indicators = mongo.getCollection(IndicatorRecord.COLLECTION);
        Date now = new Date();
        List<Document> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < stored; i++) {
            String value = phone(STORED_FROM + i);
            boolean confirmed = i % CONFIRMED_EVERY == 0;
            batch.add(new Document("_id", IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, value, null)))
                    .append("type", "PHONE").append("value", value)
                    .append("status", confirmed ? "CONFIRMED" : "REPORTED").append("checks", 0L)
                    .append("tips", List.of(new Document("_id", "bench-" + i).append("at", now)))
                    .append("firstSeen", now).append("lastSeen", now));
            if (batch.size() == BATCH || i == stored - 1) {
                indicators.insertMany(batch);
                batch.clear();
            }
        }
    }

    /** The reference list as a deployer would get it: numbers written the local way. */
    private static void writeList(Path csv, int n) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write("# type,value,reports\n");
            for (int i = 0; i < n; i++) {
                out.write("PHONE," + local(i) + "," + (1 + i % 7) + "\n");
            }
        }
    }

    /**
     * {@code total} checks as citizens type them ("0900 012 340"): a third on the list (found, and
     * counted), a sixth confirmed in the store, a sixth only reported there, a third unknown.
     * Returns each check's latency.
     */
    private static long[] run(CitizenCheck check, int threads, int total, int n, int stored, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                int count = total / threads;
                futures.add(pool.submit(() -> {
                    long[] own = new long[count];
                    for (int k = 0; k < count; k++) {
                        int j = random.nextInt(stored);
                        String typed = switch (k % 6) {
                            case 0, 1 -> local(random.nextInt(n));
                            case 2 -> local(STORED_FROM + j - j % CONFIRMED_EVERY);
                            case 3 -> local(STORED_FROM + (j % CONFIRMED_EVERY == 0 ? (j + 1) % stored : j));
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
}
