package vn.tipline.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.tipline.support.FakeTelegram;
import vn.tipline.tip.ReporterKeys;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not part of the suite (enabled with -Dbench=true; see bench/README.md): a campaign to N Telegram
 * subscribers through the whole service (dispatcher, outbox, Telegram transport) against a loopback
 * Bot API that enforces Telegram's caps (30 messages/s overall, 1/s per chat) and answers 429 with
 * retry_after above them. Prints achieved rate, ratio of the cap, 429s, duplicates and misses.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@SpringBootTest(properties = {
        "tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
        "tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram"})
@ActiveProfiles("test")
class BroadcastBenchmark {

    static final int CAP = 30;
    static final CappedBotApi api = CappedBotApi.start();

    @DynamicPropertySource
    static void botApi(DynamicPropertyRegistry registry) {
        registry.add("tipline.telegram.api-url", api::url);
    }

    @AfterAll
    static void stop() {
        api.server.stop(0);
    }

    @Autowired
    MongoTemplate mongo;

    @Autowired
    ReporterKeys keys;

    @Autowired
    Campaigns campaigns;

    @Test
    void deliverACampaignAtTheCap() throws Exception {
        int n = Integer.getInteger("bench.subscribers", 20_000);
        subscribe(mongo, keys, n);

        Campaign draft = campaigns.create(new Campaigns.Actor("bench-author", true, false), new Campaigns.Draft("bench",
                "Cảnh báo lừa đảo (benchmark)", null, new Audience(List.of(1), null, null, null), null));
        campaigns.approve(new Campaigns.Actor("bench-approver", false, true), draft.id());
        long started = System.nanoTime();
        campaigns.schedule(new Campaigns.Actor("bench-author", true, false), draft.id(), null);
        Campaign done;
        while (true) {
            done = campaigns.get(draft.id());
            if (done.state() == Campaign.State.DONE) {
                break;
            }
            Thread.sleep(1000);
            if (System.nanoTime() - started > Duration.ofHours(2).toNanos()) {
                throw new AssertionError("not done after 2 h: " + done.progress());
            }
        }
        double seconds = (api.lastOk.get() - api.firstOk.get()) / 1e9;
        long distinct = api.perChat.size();
        long duplicates = api.perChat.values().stream().mapToLong(c -> c.get() - 1).sum();
        long misses = n - distinct;
        double rate = (api.ok.get() - 1) / seconds;
        System.out.printf("%nBENCH subscribers=%d delivered=%d in %.1f s (first to last) = %.2f msg/s = %.1f%% of %d/s; "
                        + "429s=%d; duplicates=%d; misses=%d; total incl. start-up %.1f s; progress %s%n",
                n, api.ok.get(), seconds, rate, 100 * rate / CAP, CAP, api.tooMany.get(), duplicates, misses,
                (System.nanoTime() - started) / 1e9, done.progress());
    }

    /** N Telegram subscribers in Hà Nội (province 1), all topics, each with the address their first message left. */
    static void subscribe(MongoTemplate mongo, ReporterKeys keys, int n) {
        List<Document> subscribers = new ArrayList<>();
        List<Document> addresses = new ArrayList<>();
        Date since = Date.from(Instant.now().minusSeconds(60));
        for (int i = 0; i < n; i++) {
            String chat = String.valueOf(9_000_000_000L + i);
            String key = keys.keyFor("telegram", chat);
            addresses.add(new Document("_id", key).append("channel", "telegram").append("chatId", chat)
                    .append("createdAt", since));
            subscribers.add(new Document("_id", key).append("channel", "telegram").append("province", 1)
                    .append("topics", List.of()).append("language", "vi").append("active", true)
                    .append("since", since).append("updatedAt", since).append("bucket", Subscriptions.bucketOf(key)));
        }
        mongo.getCollection("reporter_addresses").insertMany(addresses);
        mongo.getCollection(Subscriptions.COLLECTION).insertMany(subscribers);
    }

    /** A Bot API that answers sendMessage within Telegram's caps and 429 above them; anything else "ok". */
    static final class CappedBotApi {
        final HttpServer server;
        final Deque<Long> window = new ArrayDeque<>();
        final Map<String, Long> lastPerChat = new HashMap<>();
        final Map<String, AtomicLong> perChat = new ConcurrentHashMap<>();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong tooMany = new AtomicLong();
        /** Of {@link #tooMany}, those over the overall cap (the rest were a chat's second message within a second). */
        final AtomicLong overCap = new AtomicLong();
        final AtomicLong firstOk = new AtomicLong();
        final AtomicLong lastOk = new AtomicLong();
        final List<Long> okTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        final ObjectMapper json = new ObjectMapper();

        private CappedBotApi(HttpServer server) {
            this.server = server;
        }

        static CappedBotApi start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                CappedBotApi api = new CappedBotApi(server);
                server.createContext("/", api::handle);
                server.setExecutor(Executors.newFixedThreadPool(8));
                server.start();
                return api;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** When the first message accepted at or after {@code nanos} arrived (0: none). */
        long firstAfter(long nanos) {
            synchronized (okTimes) {
                return okTimes.stream().filter(t -> t >= nanos).findFirst().orElse(0L);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = exchange.getRequestBody().readAllBytes();
                String answer;
                int status = 200;
                if (path.endsWith("/getMe")) {
                    answer = "{\"ok\":true,\"result\":{\"id\":" + FakeTelegram.BOT_ID + ",\"is_bot\":true,\"first_name\":\"Bench\",\"username\":\""
                            + FakeTelegram.BOT_USERNAME + "\"}}";
                } else if (path.endsWith("/sendMessage")) {
                    JsonNode params = json.readTree(body);
                    String chat = params.path("chat_id").asText();
                    if (admit(chat)) {
                        long now = System.nanoTime();
                        firstOk.compareAndSet(0, now);
                        lastOk.set(now);
                        okTimes.add(now);
                        ok.incrementAndGet();
                        perChat.computeIfAbsent(chat, c -> new AtomicLong()).incrementAndGet();
                        answer = "{\"ok\":true,\"result\":{\"message_id\":" + ok.get() + ",\"date\":" + Instant.now().getEpochSecond()
                                + ",\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"text\":\"x\"}}";
                    } else {
                        tooMany.incrementAndGet();
                        status = 429;
                        answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                                + "\"parameters\":{\"retry_after\":1}}";
                    }
                } else {
                    answer = "{\"ok\":true,\"result\":true}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        /** Telegram's documented limits: 30 messages per second overall, one per second per chat. */
        private synchronized boolean admit(String chat) {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
                window.pollFirst();
            }
            Long last = lastPerChat.get(chat);
            if (window.size() >= CAP) {
                overCap.incrementAndGet();
                return false;
            }
            if (last != null && now - last < 1_000_000_000L) {
                return false;
            }
            window.addLast(now);
            lastPerChat.put(chat, now);
            return true;
        }
    }
}
