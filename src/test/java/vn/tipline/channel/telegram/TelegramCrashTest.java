package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.tipline.store.EmbeddedMongoServer;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.ServiceProcess;
import vn.tipline.support.TelegramUpdates;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service is killed with SIGKILL at random moments while citizens walk the tip flow through
 * the Telegram webhook, then started again on the same data directory; the "platform" (this test)
 * delivers again every update that was not answered 200, as Telegram does. The service runs in a
 * child JVM against the fake Bot API in this JVM, over loopback.
 *
 * <p>What holds, and is asserted:
 * <ul>
 *   <li>every citizen ends with exactly one tip, the one it confirmed, and its receipt code;</li>
 *   <li>every citizen saw the same conversation (its own words and code aside): no reply missing,
 *       no step run twice, none skipped;</li>
 *   <li>a reply is delivered exactly once, except a message that Telegram had accepted when the
 *       process died and whose delivery was not yet recorded: it is sent again after
 *       the restart. No outbox can close that window (Telegram's sendMessage has no idempotency
 *       key), so the test allows such a copy only when it is the same message, sent right before
 *       a kill and again after it, at most one per outbox worker and the replies of one update per
 *       inbound worker (which sends its update's replies at once, before it closes the update), per kill;</li>
 *   <li>nothing is left pending in the update journal or the outbox;</li>
 *   <li>the restarted service takes up at once what the killed one was doing (the embedded store
 *       is locked to one process, so its claims are freed at start): the leases here are the
 *       defaults (2 min, 1 min), longer than the test waits for any reply.</li>
 * </ul>
 * One window is known not to hold: a kill after the conversation's new state is saved and before
 * the update's replies are recorded in the journal (two separate writes, a few milliseconds per
 * update) makes the restarted service handle the update again on the advanced conversation; the
 * citizen then gets the answer to a stale input instead of the lost replies (for the last step:
 * no receipt code, though the tip is filed once). A run that hits it fails here with its seed.
 * The kill moments come from a seeded random; the seed is in every failure message and can be
 * replayed with {@code -Dtipline.crash.seed=N}; {@code -Dtipline.crash.kills=N} kills N times.
 */
class TelegramCrashTest {

    private static final int CITIZENS = 20;
    /** One kill keeps the normal run short (each restart is a JVM and Spring start); more with -Dtipline.crash.kills=N. */
    private static final int KILLS = Integer.getInteger("tipline.crash.kills", 1);
    private static final int OUTBOX_WORKERS = 2;
    /** Inbound workers send their update's replies at once: each may have one update's (up to 3) in flight at a kill. */
    private static final int INBOUND_WORKERS = 2;
    /** What a kill may send twice: what the Bot API accepted before it was recorded (docs/telegram.md). */
    private static final int REPLIES_PER_UPDATE = 3;
    private static final int SEND_CRASH_WINDOW = OUTBOX_WORKERS + INBOUND_WORKERS * REPLIES_PER_UPDATE;
    private static final Pattern CODE = Pattern.compile("TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One step of the tip flow: what the citizen sends, and the reply it waits for before going on. */
    private record Step(String update, String expect) {
    }

    private static final List<Step> SCRIPT = List.of(
            new Step("text:/start", "Bạn muốn làm gì?"),
            new Step("press:Báo tin", "Tin báo của bạn về việc gì?"),
            new Step("press:Ma túy", "Hãy kể lại việc bạn biết"),
            new Step("description", "xảy ra ở đâu"),
            new Step("location", "xảy ra khi nào"),
            new Step("press:Hôm qua", "Bạn có bằng chứng không?"),
            new Step("press:Bỏ qua", "ẩn danh hay để lại"),
            new Step("press:Gửi ẩn danh", "Gửi tin báo này?"),
            new Step("press:Có, gửi đi", "Mã tra cứu của bạn"));

    @Test
    void killedAtRandomMomentsWhileCitizensFileTipsEveryAcknowledgedUpdateTakesEffectOnce() throws Exception {
        long seed = Long.getLong("tipline.crash.seed", new SecureRandom().nextLong());
        String replay = "seed " + seed + " (replay with -Dtipline.crash.seed=" + seed + ")";
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        int port = ServiceProcess.freePort();
        List<Instant> kills = new ArrayList<>();
        List<ServiceProcess> restarts = new ArrayList<>();
        try (FakeTelegram telegram = FakeTelegram.start()) {
            List<String> args = List.of(
                    "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                    "--tipline.telegram.api-url=" + telegram.url(),
                    "--tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
                    "--tipline.telegram.chat-interval=PT0.01S",
                    "--tipline.telegram.resume-interval=PT0.5S",
                    "--tipline.outbox.workers=" + OUTBOX_WORKERS,
                    "--tipline.telegram.workers=" + INBOUND_WORKERS,
                    "--tipline.outbox.backoff-initial=PT0.05S",
                    "--tipline.outbox.backoff-max=PT0.5S",
                    "--tipline.outbox.idle-wait=PT0.2S");
            ServiceProcess service = ServiceProcess.start(data, port, args).awaitHealthy(Duration.ofSeconds(180));
            String webhook = service.url("/webhook/telegram");
            ExecutorService pool = Executors.newFixedThreadPool(CITIZENS);
            List<Citizen> citizens = new ArrayList<>();
            List<Future<?>> walks = new ArrayList<>();
            try {
                for (int i = 0; i < CITIZENS; i++) {
                    Citizen citizen = new Citizen(telegram, webhook, 7_400_000_000L + i, new Random(random.nextLong()));
                    citizens.add(citizen);
                    walks.add(pool.submit(() -> {
                        citizen.walk();
                        return null;
                    }));
                }
                for (int round = 0; round < KILLS; round++) {
                    Thread.sleep(300 + random.nextInt(2700));
                    kills.add(service.kill());
                    assertThat(service.exitValue()).as(replay).isEqualTo(137);
                    service = ServiceProcess.start(data, port, args).awaitHealthy(Duration.ofSeconds(180));
                    restarts.add(service);
                }
                for (Future<?> walk : walks) {
                    walk.get(120, TimeUnit.SECONDS);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(replay + ": a citizen could not finish: " + e.getCause().getMessage()
                        + "\nservice log:\n" + service.log(), e.getCause());
            } finally {
                pool.shutdownNow();
                service.stop();
            }
            for (ServiceProcess restarted : restarts) {
                Matcher resumed = Pattern.compile("(\\d+) update\\(s\\) cut short").matcher(restarted.log());
                System.out.printf("TelegramCrashTest: after a kill, %s update(s) taken up again at start%n",
                        resumed.find() ? resumed.group(1) : "no");
            }
            checkTranscripts(telegram, citizens, kills, replay);
            checkStore(data, citizens, replay);
            checkPressesAnswered(telegram, replay);
        }
    }

    /**
     * Every press was answered in its acknowledgement; the handler answered none, a replay after a kill
     * included (the journal keeps the press marked as answered on receipt).
     */
    private void checkPressesAnswered(FakeTelegram telegram, String replay) {
        long presses = SCRIPT.stream().filter(step -> step.update().startsWith("press:")).count();
        List<FakeTelegram.Call> inAcknowledgements = telegram.callsInWebhookReplies().stream()
                .filter(c -> c.method().equals("answerCallbackQuery")).toList();
        assertThat(inAcknowledgements).as(replay + ": presses answered in their acknowledgement")
                .hasSizeGreaterThanOrEqualTo((int) (presses * CITIZENS));
        assertThat(telegram.calls("answerCallbackQuery")).as(replay + ": presses the service answered by a call of its own")
                .hasSameSizeAs(inAcknowledgements);
    }

    /** Every citizen saw the same conversation; the only copies are those a kill made unavoidable. */
    private void checkTranscripts(FakeTelegram telegram, List<Citizen> citizens, List<Instant> kills, String replay) {
        Map<List<String>, List<Long>> transcripts = new LinkedHashMap<>();
        int copies = 0;
        List<String> unexplained = new ArrayList<>();
        for (Citizen citizen : citizens) {
            List<FakeTelegram.Call> delivered = telegram.delivered(citizen.chat());
            List<String> transcript = new ArrayList<>();
            List<FakeTelegram.Call> kept = new ArrayList<>();
            for (FakeTelegram.Call call : delivered) {
                String text = citizen.normalise(TelegramCitizen.visible(call.text()));
                // One update's replies (up to 3) sent again come as a run: A B, then A B again after the kill.
                FakeTelegram.Call same = kept.subList(Math.max(0, kept.size() - REPLIES_PER_UPDATE), kept.size()).stream()
                        .filter(c -> c.params().equals(call.params())).findFirst().orElse(null);
                if (same != null) {
                    boolean acrossAKill = kills.stream().anyMatch(k -> same.at().isBefore(k) && call.at().isAfter(k));
                    if (acrossAKill) {
                        copies++;
                        continue;
                    }
                    unexplained.add(citizen.chat() + ": " + text);
                }
                transcript.add(text);
                kept.add(call);
            }
            transcripts.computeIfAbsent(transcript, t -> new ArrayList<>()).add(citizen.chatId);
        }
        System.out.printf("TelegramCrashTest: %s, kills at %s, %d message(s) sent again after a kill%n", replay, kills, copies);
        assertThat(unexplained).as(replay + ": messages sent twice though no kill came between them").isEmpty();
        assertThat(copies).as(replay + ": copies of messages in flight at a kill").isLessThanOrEqualTo(SEND_CRASH_WINDOW * KILLS);
        assertThat(transcripts).as(replay + ": every citizen's conversation, by transcript").hasSize(1);
        List<String> transcript = transcripts.keySet().iterator().next();
        int at = 0;
        for (Step step : SCRIPT) {
            while (at < transcript.size() && !transcript.get(at).contains(step.expect())) {
                at++;
            }
            assertThat(at).as(replay + ": '" + step.expect() + "' in order in " + transcript).isLessThan(transcript.size());
        }
        assertThat(transcript.stream().filter(t -> t.contains("<code>"))).as(replay).hasSize(1);
    }

    /** One tip per citizen, the one it confirmed; nothing left half done. */
    private void checkStore(Path data, List<Citizen> citizens, String replay) {
        try (EmbeddedMongoServer store = EmbeddedMongoServer.start(data);
             MongoClient client = MongoClients.create(store.connectionString("tipline"))) {
            MongoDatabase db = client.getDatabase("tipline");
            assertThat(db.getCollection("tips").countDocuments()).as(replay + ": tips").isEqualTo(CITIZENS);
            for (Citizen citizen : citizens) {
                List<Document> tips = db.getCollection("tips").find(new Document("description", citizen.description()))
                        .into(new ArrayList<>());
                assertThat(tips).as(replay + ": tips of " + citizen.chat()).hasSize(1);
                assertThat(tips.get(0).getString("code")).as(replay).isEqualTo(citizen.code);
            }
            assertThat(db.getCollection(UpdateJournal.UPDATES).countDocuments(new Document("status",
                    new Document("$in", List.of("pending", "handled"))))).as(replay + ": unfinished updates").isZero();
            assertThat(db.getCollection("outbox").countDocuments()).as(replay + ": messages still queued").isZero();
        }
    }

    /** A citizen in a private chat, who sends each update until it is acknowledged and waits for its answer. */
    private final class Citizen {
        private final FakeTelegram telegram;
        private final String webhook;
        private final long chatId;
        private final Random random;
        private volatile String code;

        Citizen(FakeTelegram telegram, String webhook, long chatId, Random random) {
            this.telegram = telegram;
            this.webhook = webhook;
            this.chatId = chatId;
            this.random = random;
        }

        String chat() {
            return String.valueOf(chatId);
        }

        String description() {
            return "Người dân số " + chatId + " báo: có người bán ma túy ở hẻm " + (chatId % 100) + " mỗi tối";
        }

        String normalise(String text) {
            return CODE.matcher(text.replace(description(), "<description>")).replaceAll("<code>");
        }

        void walk() throws Exception {
            for (Step step : SCRIPT) {
                Thread.sleep(50 + random.nextInt(400));
                int before = telegram.delivered(chat()).size();
                ObjectNode update = update(step.update());
                update.put("update_id", telegram.nextUpdateId());
                deliverUntilAcknowledged(update);
                String reply = awaitReply(before, step.expect());
                if (step == SCRIPT.get(SCRIPT.size() - 1)) {
                    Matcher m = CODE.matcher(reply);
                    if (!m.find()) {
                        throw new AssertionError(chat() + ": no receipt code in " + reply);
                    }
                    code = m.group();
                }
            }
        }

        private ObjectNode update(String what) {
            if (what.startsWith("text:")) {
                return TelegramUpdates.text(chatId, what.substring(5));
            }
            if (what.startsWith("press:")) {
                return TelegramUpdates.callback(chatId, payloadOf(what.substring(6)));
            }
            if (what.equals("description")) {
                return TelegramUpdates.text(chatId, description());
            }
            return TelegramUpdates.location(chatId, 10.7769, 106.7009);
        }

        private String payloadOf(String label) {
            List<FakeTelegram.Call> all = telegram.delivered(chat());
            for (int i = all.size() - 1; i >= 0; i--) {
                for (JsonNode row : all.get(i).params().path("reply_markup").path("inline_keyboard")) {
                    for (JsonNode button : row) {
                        if (button.path("text").asText().contains(label)) {
                            return button.path("callback_data").asText();
                        }
                    }
                }
            }
            throw new AssertionError(chat() + ": no button '" + label + "' was shown");
        }

        /** Telegram's side of the webhook: anything but 200 (or no answer) is delivered again, later. */
        private void deliverUntilAcknowledged(ObjectNode update) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(webhook))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header(TelegramWebhookController.SECRET_HEADER, telegram.webhookSecret())
                            .POST(HttpRequest.BodyPublishers.ofString(update.toString(), StandardCharsets.UTF_8))
                            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (answer.statusCode() == 200) {
                        telegram.performFromReply(answer.body());
                        return;
                    }
                } catch (IOException notAnswered) {
                    // killed, restarting, or the connection dropped: deliver again
                }
                Thread.sleep(250);
            }
            throw new AssertionError(chat() + ": update " + update.path("update_id") + " never acknowledged");
        }

        private String awaitReply(int before, String expect) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                List<FakeTelegram.Call> all = telegram.delivered(chat());
                for (int i = before; i < all.size(); i++) {
                    String text = TelegramCitizen.visible(all.get(i).text());
                    if (text.contains(expect)) {
                        return text;
                    }
                }
                Thread.sleep(25);
            }
            List<String> seen = new ArrayList<>();
            telegram.delivered(chat()).forEach(c -> seen.add(c.text()));
            throw new AssertionError(chat() + ": no '" + expect + "' after " + before + " replies; all: " + seen);
        }
    }
}
