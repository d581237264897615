package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import vn.tipline.Application;
import vn.tipline.store.EmbeddedMongoServer;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.Prometheus;
import vn.tipline.support.TelegramUpdates;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not part of the suite (enabled with -Dbench=true; see bench/README.md): inbound throughput of the
 * Telegram webhook. The service runs as a child JVM on the embedded store, in webhook mode, its
 * replies going to a loopback Bot API in this JVM that answers at once. Simulated citizens walk the
 * tip flow (/start, Báo tin, a topic, what happened, a shared location, when, skip photos,
 * anonymous, confirm), each update signed with the webhook secret header and a unique update_id,
 * posted over keep-alive connections like Telegram's (40 by default).
 * <ol>
 *   <li>start-up time (process start to /actuator/health UP) and resident memory at idle;</li>
 *   <li>closed loop (as fast as the connections go) against a bare endpoint of the same server
 *       that only answers 200, then against the webhook; then the time until every accepted
 *       update is handled and every reply sent (the rate that is sustained, not only accepted);</li>
 *   <li>open loop at a fixed rate (500 updates/s), latency measured from each update's scheduled
 *       send time, so a stalled server is not hidden by a generator that waits for it;</li>
 *   <li>resident memory after the run.</li>
 * </ol>
 * Prints one {@code BENCH} line. Options (system properties): bench.seconds (closed-loop phase, 30),
 * bench.warmup (seconds, 20), bench.connections (40), bench.rate (500), bench.open-seconds (30),
 * bench.citizens (active at once, 1000: enough walks reach the last step to file tips), bench.java-home (the
 * child's JDK; the test's by default; from JDK 25 the class archive is an AOT cache), bench.jvm (the child's JVM flags), bench.jfr (a path: JFR
 * recording of the child; not with CDS, which JDK 17 then crashes on), bench.cds (true: the child runs
 * from jars with a class-data archive made by a training start, as the Dockerfile does; false: from
 * the test class path as it is), bench.drain-seconds (600: how long to wait for the service to catch up),
 * bench.java (the child's java executable, in place of bench.java-home), bench.jvm-add (flags added to
 * bench.jvm, the training start's too), bench.startup-only (true: the two starts and idle memory only, no
 * load), bench.documents (documents of about 1 KiB stored before the first start), bench.open-only (true: after
 * the warm-up, only the open loop, bench.open-runs times (3), each drained before the next).
 * Everything it reads of the service comes over HTTP (its metrics, its health): the embedded store
 * answers only the service's own process.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class InboundBenchmark {

    static final String SECRET = "bench_webhook_secret_0123456789";
    /** The administrator's password, to scrape the service's metrics. */
    private static final String ADMIN_PASSWORD = "Bench-Scrape-Pass-2026";
    /** The Dockerfile's flags (its JAVA_TOOL_OPTIONS): a heap that starts small, one GC thread, small stacks. */
    static final String DEFAULT_JVM = "-Xms32m -Xmx512m -Xmn24m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
            + "-XX:-ShrinkHeapInSteps -XX:MaxMetaspaceSize=160m "
            + "-Xss512k -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000";
    /**
     * Added to {@link #DEFAULT_JVM} from JDK 25 (the Dockerfile's runtime): JDK 17 does not know compact
     * headers, and its SweeperThreshold is the code sweeper's (JDK 20 replaced the sweeper by a full
     * collection at that threshold).
     */
    static final String DEFAULT_JVM_25 = "-XX:+UseCompactObjectHeaders -XX:SweeperThreshold=50";

    @TempDir
    Path dataDir;

    @TempDir
    Path cdsDir;

    @Test
    void inboundThroughput() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 20);
        int connections = Integer.getInteger("bench.connections", 40);
        int rate = Integer.getInteger("bench.rate", 500);
        int openSeconds = Integer.getInteger("bench.open-seconds", 30);
        int citizens = Integer.getInteger("bench.citizens", 1000);
        String jvm = System.getProperty("bench.jvm", DEFAULT_JVM);
        String jfr = System.getProperty("bench.jfr", "");

        try (BotApi api = BotApi.start()) {
            int port = freePort();
            String classpath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>();
            String javaHome = System.getProperty("bench.java-home", System.getProperty("java.home"));
            String java = System.getProperty("bench.java", Path.of(javaHome, "bin", "java").toString());
            javaHome = Path.of(java).toRealPath().getParent().getParent().toString();
            command.add(java);
            command.addAll(Arrays.asList(jvm.trim().split("\\s+")));
            if (System.getProperty("bench.jvm") == null && featureVersion(javaHome) >= 25) {
                command.addAll(Arrays.asList(DEFAULT_JVM_25.split(" ")));
            }
            command.addAll(Arrays.asList(System.getProperty("bench.jvm-add", "").trim().split("\\s+")));
            command.removeIf(String::isEmpty);
            if (Boolean.parseBoolean(System.getProperty("bench.cds", "true"))) {
                classpath = jarred(classpath);
                // JDK 25 and later: the AOT cache (JEP 483, 514), which also keeps linked classes and profiles.
                boolean aotCache = featureVersion(javaHome) >= 25;
                Path archive = cdsDir.resolve(aotCache ? "tipline.aot" : "tipline.jsa");
                train(command, classpath, archive, api, aotCache);
                command.add((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
            }
            if (!jfr.isBlank()) {
                command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
            }
            command.addAll(List.of("-cp", classpath, Application.class.getName()));
            command.addAll(serviceArguments(port, dataDir, api));
            int documents = Integer.getInteger("bench.documents", 0);
            if (documents > 0) {
                seed(dataDir, documents);
            }
            if (Boolean.getBoolean("bench.startup-only")) {
                startupOnly(command, port);
                return;
            }
            Path log = dataDir.resolve("child.log");
            long launched = System.nanoTime();
            Process child = launch(command, log);
            try {
                awaitHealthy(port, child, log);
                double startup = (System.nanoTime() - launched) / 1e9;
                awaitComponentUp(port, child, log, "gazetteer");
                double policeReady = (System.nanoTime() - launched) / 1e9;
                Thread.sleep(3000);
                long rssIdle = rssKiB(child.pid());
                String flags = String.join(" ", command.subList(1, command.indexOf("-cp")));
                System.out.printf(Locale.ROOT, "%nBENCH inbound jvm=[%s] startup=%.2f s (police lookups ready %.2f s) rss-idle=%d MiB; "
                        + "load %s%n", flags, startup, policeReady, rssIdle / 1024, Files.readString(Path.of("/proc/loadavg")).strip());
                int drainSeconds = Integer.getInteger("bench.drain-seconds", 600);

                Generator webhook = new Generator(port, "/webhook/telegram", citizens, 7_000_000_000L);
                Generator bare = new Generator(port, "/webhook/bench-bare", citizens, 8_000_000_000L);
                // Warm-up (JIT): half on each endpoint, then let the service catch up.
                bare.closedLoop(connections, warmup / 2);
                webhook.closedLoop(connections, warmup - warmup / 2);
                Drain warm = drain(port, webhook.accepted.get(), drainSeconds);
                if (Boolean.getBoolean("bench.open-only")) {
                    for (int run = 1, runs = Integer.getInteger("bench.open-runs", 3); run <= runs; run++) {
                        Phase open = webhook.openLoop(rate, openSeconds, Math.max(64, connections));
                        Drain after = drain(port, webhook.accepted.get(), drainSeconds);
                        System.out.printf(Locale.ROOT, "BENCH open loop run %d of %d, %d/s for %d s: sent %d, non-200 %d, "
                                        + "latency from schedule p50 %.2f ms p99 %.2f ms max %.2f ms; handled %.1f s after; "
                                        + "actual rate %.0f/s; load %s%n",
                                run, runs, rate, openSeconds, open.ok + open.failed, open.failed, open.p(50), open.p(99),
                                open.p(100), (after.handledAt - after.startedAt) / 1e9, open.rate(),
                                Files.readString(Path.of("/proc/loadavg")).strip());
                    }
                    return;
                }

                Phase bareRun = bare.closedLoop(connections, seconds);
                long before = webhook.accepted.get();
                long sentBefore = api.sent.get();
                Prometheus commandsBefore = scrape(port);
                Phase hookRun = webhook.closedLoop(connections, seconds);
                long loadEnded = System.nanoTime();
                System.out.printf(Locale.ROOT, "BENCH bare: %.0f req/s (%d in %.1f s, %d non-200), p50 %.2f ms p99 %.2f ms%n"
                                + "BENCH webhook: %.0f updates/s accepted (%d in %.1f s, %d non-200), p50 %.2f ms p99 %.2f ms; "
                                + "ratio to bare %.1f%%%n",
                        bareRun.rate(), bareRun.ok, bareRun.elapsedNanos / 1e9, bareRun.failed, bareRun.p(50), bareRun.p(99),
                        hookRun.rate(), hookRun.ok, hookRun.elapsedNanos / 1e9, hookRun.failed, hookRun.p(50), hookRun.p(99),
                        100 * hookRun.rate() / bareRun.rate());
                Drain drained = drain(port, webhook.accepted.get(), drainSeconds);
                String perUpdate = DriverCommandMetrics.perUpdate(commandsBefore, scrape(port), webhook.accepted.get() - before);
                System.out.printf(Locale.ROOT, "BENCH store commands per handled update (every command of the service, "
                        + "background included, from the load's start to the drain): %s%n", perUpdate);
                double handledSeconds = (hookRun.elapsedNanos + (drained.handledAt - loadEnded)) / 1e9;
                long closedAccepted = webhook.accepted.get() - before;
                double handledRate = closedAccepted / handledSeconds;
                long replies = api.sent.get() - sentBefore;

                System.out.printf(Locale.ROOT, "BENCH webhook handled: all %d handled %.1f s after the load ended, outbox empty after %.1f s "
                                + "(replies sent %d); sustained (accepted and handled) %.0f updates/s = %.1f%% of bare%n",
                        closedAccepted, (drained.handledAt - loadEnded) / 1e9,
                        (drained.emptyAt - loadEnded) / 1e9, replies, handledRate, 100 * handledRate / bareRun.rate());
                Pauses pausesBefore = Pauses.of(port, log);
                Phase open = webhook.openLoop(rate, openSeconds, Math.max(64, connections));
                String inWindow = Pauses.of(port, log).since(pausesBefore);
                System.out.printf(Locale.ROOT, "BENCH open loop %d/s for %d s: sent %d, non-200 %d, latency from schedule p50 %.2f ms "
                                + "p99 %.2f ms max %.2f ms; actual rate %.0f/s%nBENCH during the open loop: %s%n",
                        rate, openSeconds, open.ok + open.failed, open.failed, open.p(50), open.p(99), open.p(100), open.rate(),
                        inWindow);
                Drain openDrained = drain(port, webhook.accepted.get(), drainSeconds);
                Thread.sleep(3000);
                long rssAfter = rssKiB(child.pid());
                Prometheus totals = scrape(port);
                long tips = (long) Math.max(0, totals.value("tipline_tips_filed_total", TELEGRAM));
                long givenUp = (long) Math.max(0, totals.value("tipline_inbound_handled_total", TELEGRAM, "outcome=\"failed\""));

                System.out.printf(Locale.ROOT, "%nBENCH inbound jvm=[%s] startup=%.2f s (police lookups ready %.2f s) rss-idle=%d MiB "
                                + "rss-after=%d MiB%n"
                                + "BENCH bare: %.0f req/s (%d in %.1f s, %d non-200), p50 %.2f ms p99 %.2f ms%n"
                                + "BENCH webhook: %.0f updates/s accepted (%d in %.1f s, %d non-200), p50 %.2f ms p99 %.2f ms; "
                                + "ratio to bare %.1f%%%n"
                                + "BENCH webhook handled: all %d handled %.1f s after the load ended, outbox empty after %.1f s "
                                + "(replies sent %d); sustained (accepted and handled) %.0f updates/s = %.1f%% of bare%n"
                                + "BENCH open loop %d/s for %d s: sent %d, non-200 %d, latency from schedule p50 %.2f ms "
                                + "p99 %.2f ms max %.2f ms; handled %.1f s after; actual rate %.0f/s%n"
                                + "BENCH during the open loop: %s%n"
                                + "BENCH totals: walks completed %d, tips filed %d, receipts delivered %d, replies %d, callbacks answered %d (%d of them in the webhook's answer), "
                                + "updates given up %d; warm-up drain %.1f s; load %s%n",
                        flags, startup, policeReady, rssIdle / 1024, rssAfter / 1024,
                        bareRun.rate(), bareRun.ok, bareRun.elapsedNanos / 1e9, bareRun.failed, bareRun.p(50), bareRun.p(99),
                        hookRun.rate(), hookRun.ok, hookRun.elapsedNanos / 1e9, hookRun.failed, hookRun.p(50), hookRun.p(99),
                        100 * hookRun.rate() / bareRun.rate(),
                        closedAccepted, (drained.handledAt - loadEnded) / 1e9,
                        (drained.emptyAt - loadEnded) / 1e9, replies, handledRate, 100 * handledRate / bareRun.rate(),
                        rate, openSeconds, open.ok + open.failed, open.failed, open.p(50), open.p(99), open.p(100),
                        (openDrained.handledAt - openDrained.startedAt) / 1e9, open.rate(), inWindow,
                        webhook.walks.get(), tips, api.receipts.get(), api.sent.get(), api.callbacks.get() + webhook.answeredInReplies.get(), webhook.answeredInReplies.get(), givenUp,
                        (warm.emptyAt - warm.startedAt) / 1e9, Files.readString(Path.of("/proc/loadavg")).strip());
            } finally {
                stop(child);
            }
            // A second start on the same data (no first-run import of the gazetteer and police units).
            Path again = dataDir.resolve("child-restart.log");
            List<String> restart = new ArrayList<>(command);
            restart.removeIf(arg -> arg.startsWith("-XX:StartFlightRecording"));
            long relaunched = System.nanoTime();
            Process second = launch(restart, again);
            try {
                awaitHealthy(port, second, again);
                double restartSeconds = (System.nanoTime() - relaunched) / 1e9;
                Thread.sleep(3000);
                System.out.printf(Locale.ROOT, "BENCH restart on the same data: startup=%.2f s rss-idle=%d MiB; load %s%n",
                        restartSeconds, rssKiB(second.pid()) / 1024, Files.readString(Path.of("/proc/loadavg")).strip());
            } finally {
                stop(second);
                keepLogs();
            }
        }
    }

    /**
     * Start-up and idle memory only, in about a minute: a start on the data directory as it is (fresh, or
     * seeded with bench.documents), then a second start on the same data. Each: process start to health
     * UP, to police lookups ready, the CPU time the process had used by UP (steadier than the wall clock
     * on a shared machine), and VmRSS 15 s after police lookups were ready.
     */
    private void startupOnly(List<String> command, int port) throws Exception {
        String flags = String.join(" ", command.subList(1, command.indexOf("-cp")));
        for (String start : List.of("first", "second")) {
            Path log = dataDir.resolve("child-" + start + ".log");
            long launched = System.nanoTime();
            Process child = launch(command, log);
            try {
                awaitHealthy(port, child, log);
                double up = (System.nanoTime() - launched) / 1e9;
                double cpuAtUp = child.toHandle().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(Double.NaN);
                awaitComponentUp(port, child, log, "gazetteer");
                double policeReady = (System.nanoTime() - launched) / 1e9;
                Thread.sleep(15_000);
                System.out.printf(Locale.ROOT, "BENCH startup %s start: health UP %.2f s (CPU %.1f s), police ready %.2f s, "
                                + "rss-idle %d MiB (15 s after); store %s; jvm=[%s]; load %s%n",
                        start, up, cpuAtUp, policeReady, rssKiB(child.pid()) / 1024, storeOpened(log), flags,
                        Files.readString(Path.of("/proc/loadavg")).strip());
            } finally {
                stop(child);
            }
        }
        Path kept = Path.of("target", "bench-inbound");
        Files.createDirectories(kept);
        for (String start : List.of("first", "second")) {
            Files.copy(dataDir.resolve("child-" + start + ".log"), kept.resolve("child-" + start + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The store's own start-up line: documents and how long it took to open them. */
    private static String storeOpened(Path log) throws IOException {
        String opened = "?";
        for (String line : Files.readAllLines(log)) {
            int snapshot = line.indexOf("Store snapshot: ");
            int at = line.indexOf("opened in ");
            if (snapshot >= 0) {
                opened = line.substring(snapshot + "Store snapshot: ".length()).strip();
            } else if (at >= 0) {
                return line.substring(at).strip() + (opened.equals("?") ? "" : ", snapshot " + opened);
            }
        }
        return opened;
    }

    /**
     * Fills the data directory with {@code count} documents of about 1 KiB (a tip's size: a topic, a
     * few hundred characters of Vietnamese text, a place, times), so that start-up and idle memory can
     * be read against how much the embedded store holds. They go to a collection of their own, which
     * the service never reads: what they cost is the store's, in memory and at opening.
     */
    private static void seed(Path data, int count) {
        String text = "Tối qua khoảng 22 giờ có nhóm người lạ tụ tập trước cửa hàng tạp hóa ở đầu hẻm, "
                + "mang theo hung khí và đe dọa người đi đường; người dân trong khu phố đã nhiều lần phản ánh. ";
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(data);
             MongoClient client = MongoClients.create(server.connectionString("tipline"))) {
            var collection = client.getDatabase("tipline").getCollection("bench_documents");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(new Document("_id", new ObjectId())
                        .append("topic", "ROBBERY").append("text", text + text + text + i)
                        .append("place", new Document("province", "79").append("commune", "26734"))
                        .append("createdAt", Date.from(Instant.now())).append("status", "NEW"));
                if (batch.size() == 1000 || i == count - 1) {
                    collection.insertMany(batch);
                    batch.clear();
                }
            }
        }
    }

    /** Starts a JVM of the service, its output to {@code log}. */
    private static Process launch(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Fewer glibc malloc arenas: with ~100 threads the default (8 per core) holds on to tens of MiB.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return builder.start();
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroy(); // SIGTERM: a clean stop, so a JFR recording is written
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    // ---- the service as a child process ----

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> serviceArguments(int port, Path data, BotApi api) {
        return List.of("--server.port=" + port, "--tipline.store.data-dir=" + data,
                "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                "--tipline.telegram.api-url=" + api.url(),
                "--tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
                "--tipline.telegram.webhook-secret=" + SECRET,
                // Telegram's ~30 messages/s is a cap on broadcasts; replying to 1,500 updates/s needs more.
                "--tipline.telegram.max-per-second=100000",
                "--tipline.officer.admin-password=" + ADMIN_PASSWORD,
                // The drain scrapes the metrics twice a second with HTTP Basic: bcrypt's lowest cost keeps
                // each sign-in under a millisecond instead of about 80 ms of a shared core at the default.
                "--tipline.officer.bcrypt-strength=4",
                "--tipline.bench.bare-endpoint=true");
    }

    /**
     * What can stall every request at once, as counted up to a moment: the collector's pauses (the
     * service's own {@code jvm_gc_pause_seconds} metrics) and the store's snapshots completed (their
     * log line is written at the end of each).
     */
    private record Pauses(double count, double seconds, double majorCount, double majorSeconds, List<String> snapshots) {

        static Pauses of(int port, Path log) throws IOException {
            Prometheus metrics = scrape(port);
            List<String> snapshots = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                int at = line.indexOf("Store snapshot:");
                if (at >= 0) {
                    snapshots.add(line.substring(at + "Store snapshot: ".length()).strip());
                }
            }
            return new Pauses(
                    Math.max(0, metrics.value("jvm_gc_pause_seconds_count")),
                    Math.max(0, metrics.value("jvm_gc_pause_seconds_sum")),
                    Math.max(0, metrics.value("jvm_gc_pause_seconds_count", "major GC")),
                    Math.max(0, metrics.value("jvm_gc_pause_seconds_sum", "major GC")),
                    snapshots);
        }

        String since(Pauses before) {
            List<String> newSnapshots = snapshots.subList(Math.min(before.snapshots.size(), snapshots.size()), snapshots.size());
            return String.format(Locale.ROOT, "collector pauses %.0f (%.0f ms in all), of them full collections %.0f (%.0f ms); "
                            + "store snapshots completed %d %s",
                    count - before.count, 1000 * (seconds - before.seconds),
                    majorCount - before.majorCount, 1000 * (majorSeconds - before.majorSeconds),
                    newSnapshots.size(), newSnapshots);
        }
    }

    /** The class path with each directory packed as a jar: class-data sharing archives classes from jars only. */
    private String jarred(String classpath) {
        List<String> entries = new ArrayList<>();
        java.util.spi.ToolProvider jar = java.util.spi.ToolProvider.findFirst("jar").orElseThrow();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path packed = cdsDir.resolve("classes-" + entries.size() + ".jar");
                int status = jar.run(System.out, System.err, "--create", "--file", packed.toString(), "-C", entry, ".");
                if (status != 0) {
                    throw new AssertionError("jar failed for " + entry);
                }
                entries.add(packed.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The JDK's feature version (17, 25, ...) from its release file. */
    private static int featureVersion(String javaHome) throws IOException {
        Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(Path.of(javaHome, "release")));
        if (!version.find()) {
            throw new IllegalStateException("no JAVA_VERSION in " + javaHome + "/release");
        }
        return Integer.parseInt(version.group(1));
    }

    /**
     * A training start that stops once the context is up and writes the classes it loaded to {@code archive}
     * (with {@code aotCache}, JDK 25 and later: an AOT cache, which also keeps them linked, and method profiles).
     */
    private void train(List<String> jvm, String classpath, Path archive, BotApi api, boolean aotCache) throws Exception {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of((aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive,
                "-Dspring.context.exit=onRefresh",
                "-cp", classpath, Application.class.getName()));
        command.addAll(serviceArguments(freePort(), cdsDir.resolve("training-data"), api));
        Path log = cdsDir.resolve("training.log");
        Process training = launch(command, log);
        if (!training.waitFor(180, TimeUnit.SECONDS) || !Files.exists(archive)) {
            training.destroyForcibly();
            throw new AssertionError("the class-data training start failed: " + Files.readString(log));
        }
    }

    private static void awaitHealthy(int port, Process child, Path log) throws Exception {
        awaitHealth(port, child, log, "the service", body -> body.contains("\"UP\""));
    }

    /** Waits until a component of /actuator/health reports UP (the gazetteer loads after start-up). */
    private static void awaitComponentUp(int port, Process child, Path log, String component) throws Exception {
        ObjectMapper json = new ObjectMapper();
        awaitHealth(port, child, log, component, body ->
                "UP".equals(json.readTree(body).path("components").path(component).path("status").asText()));
    }

    private interface HealthCheck {
        boolean test(String body) throws IOException;
    }

    /** Polls /actuator/health until a 200 whose body passes {@code check}, for at most 120 s. */
    private static void awaitHealth(int port, Process child, Path log, String what, HealthCheck check) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("service exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && check.test(health.body())) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " did not become healthy: " + Files.readString(log));
    }

    /** The service's two logs go to target/bench-inbound/ (the data directory is deleted after the run). */
    private void keepLogs() throws IOException {
        Path kept = Path.of("target", "bench-inbound");
        Files.createDirectories(kept);
        for (String name : List.of("child.log", "child-restart.log")) {
            if (Files.exists(dataDir.resolve(name))) {
                Files.copy(dataDir.resolve(name), kept.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    record Drain(long startedAt, long handledAt, long emptyAt) {
    }

    /** The Telegram channel's series. */
    private static final String TELEGRAM = "channel=\"telegram\"";

    private static Prometheus scrape(int port) {
        return Prometheus.scrape(port, "admin", ADMIN_PASSWORD);
    }

    /**
     * Waits until the service has finished as many updates as were accepted and its outbox is empty, read
     * from its metrics ({@code tipline_inbound_handled_total}, {@code tipline_outbox_depth}): its embedded
     * store answers no other process, this one included.
     */
    private static Drain drain(int port, long accepted, int maxSeconds) throws InterruptedException {
        long started = System.nanoTime();
        long handledAt = 0;
        long deadline = started + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < deadline) {
            Prometheus metrics = scrape(port);
            if (handledAt == 0 && metrics.value("tipline_inbound_handled_total", TELEGRAM) >= accepted) {
                handledAt = System.nanoTime();
            }
            if (handledAt != 0 && metrics.value("tipline_outbox_depth") == 0) {
                return new Drain(started, handledAt, System.nanoTime());
            }
            // Twice a second: each scrape is a sign-in and a rendering of every series, CPU the service
            // would otherwise spend on the drain it measures (ten a second cost several percent of a core).
            Thread.sleep(500);
        }
        Prometheus metrics = scrape(port);
        System.out.printf(Locale.ROOT, "BENCH not drained after %d s: handled %.0f of %d accepted (given up %.0f), outbox %.0f, "
                        + "its oldest waiting %.1f s%n",
                maxSeconds, metrics.value("tipline_inbound_handled_total", TELEGRAM), accepted,
                Math.max(0, metrics.value("tipline_inbound_handled_total", TELEGRAM, "outcome=\"failed\"")),
                metrics.value("tipline_outbox_depth"), metrics.value("tipline_outbox_oldest_age_seconds"));
        long now = System.nanoTime();
        return new Drain(started, handledAt == 0 ? now : handledAt, now);
    }

    // ---- the load generator ----

    /** One phase's outcome: 200s, other answers, latencies (ms) of the 200s. */
    static final class Phase {
        long ok;
        long failed;
        long elapsedNanos;
        double[] latencies = new double[0];

        double rate() {
            return ok * 1e9 / elapsedNanos;
        }

        double p(double percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }
    }

    /** A citizen walking the tip flow, one update at a time; the button payloads are the flow's own. */
    static final class Citizen {
        final long chatId;
        int step;

        Citizen(long chatId) {
            this.chatId = chatId;
        }

        static final int STEPS = 9;

        ObjectNode next() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return switch (step++) {
                case 0 -> TelegramUpdates.text(chatId, "/start");
                case 1 -> TelegramUpdates.callback(chatId, "main/menu/0"); // Báo tin
                case 2 -> TelegramUpdates.callback(chatId, "report/topic/" + random.nextInt(9));
                case 3 -> TelegramUpdates.text(chatId, "Có người bán ma túy ở quán cà phê đầu hẻm " + random.nextInt(1, 200)
                        + " mỗi tối, khoảng 8 giờ, đi xe máy màu đen");
                case 4 -> TelegramUpdates.location(chatId, 10.7769 + random.nextDouble(-0.01, 0.01),
                        106.7009 + random.nextDouble(-0.01, 0.01));
                case 5 -> TelegramUpdates.callback(chatId, "report/when/" + random.nextInt(5));
                case 6 -> TelegramUpdates.callback(chatId, "report/evidence/done"); // Bỏ qua
                case 7 -> TelegramUpdates.callback(chatId, "report/anonymity/0"); // Gửi ẩn danh
                default -> TelegramUpdates.callback(chatId, "report/confirm_anonymous/y"); // Có, gửi đi
            };
        }

        boolean finished() {
            return step >= STEPS;
        }
    }

    /** Posts citizens' updates to one path of the service; a citizen is never in flight twice at once. */
    static final class Generator {
        private static final AtomicLong UPDATE_IDS = new AtomicLong(900_000_000L);
        final int port;
        final String path;
        final ConcurrentLinkedQueue<Citizen> idle = new ConcurrentLinkedQueue<>();
        final AtomicLong chats;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong walks = new AtomicLong();
        /** Button presses answered in the webhook's acknowledgement. */
        final AtomicLong answeredInReplies = new AtomicLong();

        Generator(int port, String path, int citizens, long firstChat) {
            this.port = port;
            this.path = path;
            this.chats = new AtomicLong(firstChat);
            for (int i = 0; i < citizens; i++) {
                idle.add(new Citizen(chats.incrementAndGet()));
            }
        }

        /** Sends one update of the next idle citizen; returns the HTTP status. */
        int sendOne(Connection connection) throws IOException {
            Citizen citizen = idle.poll();
            if (citizen == null) {
                citizen = new Citizen(chats.incrementAndGet());
            }
            ObjectNode update = citizen.next();
            update.put("update_id", UPDATE_IDS.incrementAndGet());
            int status = connection.post(path, update.toString().getBytes(StandardCharsets.UTF_8));
            if (status == 200) {
                accepted.incrementAndGet();
                if (connection.lastBody.contains("\"answerCallbackQuery\"")) {
                    // Telegram performs it on its side; the fake Bot API never sees it.
                    answeredInReplies.incrementAndGet();
                }
            } else {
                citizen.step--; // sent again later
            }
            if (citizen.finished()) {
                walks.incrementAndGet();
                idle.add(new Citizen(chats.incrementAndGet()));
            } else {
                idle.add(citizen);
            }
            return status;
        }

        Phase closedLoop(int connections, int seconds) throws Exception {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<double[]> perThread = new ArrayList<>();
            long[] ok = new long[connections];
            long[] failed = new long[connections];
            int[] counts = new int[connections];
            CountDownLatch done = new CountDownLatch(connections);
            for (int t = 0; t < connections; t++) {
                double[] latencies = new double[2_000_000 / connections + 1];
                perThread.add(latencies);
                int thread = t;
                Thread worker = new Thread(() -> {
                    try (Connection connection = new Connection(port)) {
                        while (System.nanoTime() < end) {
                            long sent = System.nanoTime();
                            int status = sendOne(connection);
                            if (status == 200) {
                                ok[thread]++;
                                if (counts[thread] < latencies.length) {
                                    latencies[counts[thread]++] = (System.nanoTime() - sent) / 1e6;
                                }
                            } else {
                                failed[thread]++;
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                }, "bench-closed-" + t);
                worker.start();
            }
            done.await();
            Phase phase = new Phase();
            phase.elapsedNanos = System.nanoTime() - start;
            int total = 0;
            for (int t = 0; t < connections; t++) {
                phase.ok += ok[t];
                phase.failed += failed[t];
                total += counts[t];
            }
            phase.latencies = new double[total];
            int at = 0;
            for (int t = 0; t < connections; t++) {
                System.arraycopy(perThread.get(t), 0, phase.latencies, at, counts[t]);
                at += counts[t];
            }
            Arrays.sort(phase.latencies);
            return phase;
        }

        /**
         * Update i is due at start + i/rate; a free connection sends it at that time (or at once if it
         * is late) and its latency is counted from when it was due.
         */
        Phase openLoop(int rate, int seconds, int connections) throws Exception {
            int total = rate * seconds;
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            AtomicLong next = new AtomicLong();
            double[] latencies = new double[total];
            boolean[] okAt = new boolean[total];
            CountDownLatch done = new CountDownLatch(connections);
            for (int t = 0; t < connections; t++) {
                Thread worker = new Thread(() -> {
                    try (Connection connection = new Connection(port)) {
                        long i;
                        while ((i = next.getAndIncrement()) < total) {
                            long due = start + i * interval;
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            int status = sendOne(connection);
                            latencies[(int) i] = (System.nanoTime() - due) / 1e6;
                            okAt[(int) i] = status == 200;
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                }, "bench-open-" + t);
                worker.start();
            }
            done.await();
            Phase phase = new Phase();
            phase.elapsedNanos = System.nanoTime() - start;
            for (boolean b : okAt) {
                if (b) {
                    phase.ok++;
                } else {
                    phase.failed++;
                }
            }
            // Every update's latency counts, answered 200 or not.
            phase.latencies = latencies.clone();
            Arrays.sort(phase.latencies);
            return phase;
        }
    }

    /** HTTP/1.1 over one keep-alive socket, reconnecting when the server closes it (Tomcat does every 100 requests). */
    static final class Connection implements AutoCloseable {
        private final int port;
        /** The last answer's body: the webhook's 200 may name a method for Telegram to perform. */
        String lastBody = "";
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        Connection(int port) throws IOException {
            this.port = port;
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int post(String path, byte[] body) throws IOException {
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + TelegramWebhookController.SECRET_HEADER + ": " + SECRET + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            try {
                return exchange(head, body);
            } catch (IOException closedMeanwhile) {
                close();
                connect();
                return exchange(head, body);
            }
        }

        private int exchange(String head, byte[] body) throws IOException {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String status = line();
            if (status.length() < 12) {
                throw new IOException("no status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            boolean close = false;
            String header;
            while (!(header = line()).isEmpty()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    long size = Long.parseLong(line().split(";")[0].strip(), 16);
                    if (size == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    received.write(in.readNBytes((int) size));
                    line();
                }
            } else if (length > 0) {
                received.write(in.readNBytes((int) length));
            }
            lastBody = received.toString(StandardCharsets.UTF_8);
            if (close) {
                close();
                connect();
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed");
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---- the Bot API ----

    /** A loopback Bot API that answers every call at once and counts what it was sent. */
    static final class BotApi implements AutoCloseable {
        final HttpServer server;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong receipts = new AtomicLong();
        final AtomicLong callbacks = new AtomicLong();
        final ObjectMapper json = new ObjectMapper();

        private BotApi(HttpServer server) {
            this.server = server;
        }

        static BotApi start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            BotApi api = new BotApi(server);
            server.createContext("/", api::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "bench-bot-api");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return api;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                String answer;
                if (path.endsWith("/getMe")) {
                    answer = "{\"ok\":true,\"result\":{\"id\":" + FakeTelegram.BOT_ID + ",\"is_bot\":true,\"first_name\":\"Bench\","
                            + "\"username\":\"" + FakeTelegram.BOT_USERNAME + "\"}}";
                } else if (path.endsWith("/sendMessage")) {
                    JsonNode params = json.readTree(body);
                    long n = sent.incrementAndGet();
                    if (params.path("text").asText().contains("TG-")) {
                        receipts.incrementAndGet();
                    }
                    answer = "{\"ok\":true,\"result\":{\"message_id\":" + n + ",\"date\":" + Instant.now().getEpochSecond()
                            + ",\"chat\":{\"id\":" + params.path("chat_id").asText() + ",\"type\":\"private\"},\"text\":\"x\"}}";
                } else {
                    if (path.endsWith("/answerCallbackQuery")) {
                        callbacks.incrementAndGet();
                    }
                    answer = "{\"ok\":true,\"result\":true}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
