package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.tipline.Application;
import vn.tipline.outbox.Outbox;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.TelegramUpdates;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long polling across a restart, on one data directory: updates handled before the restart and
 * redelivered by Telegram are not handled again, an update recorded but not handled when the service
 * stopped is handled after it starts, and updates sent while it was down arrive, in order.
 */
class TelegramLongPollingRestartTest {

    static final FakeTelegram telegram = FakeTelegram.start();
    private static final long CHAT = 7_400_000_001L;

    @TempDir
    Path dataDir;

    @AfterAll
    static void stopFake() {
        telegram.close();
    }

    private ConfigurableApplicationContext startService() {
        return new SpringApplicationBuilder(Application.class).profiles("test").run(
                "--server.port=0",
                "--tipline.store.data-dir=" + dataDir,
                "--tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
                "--tipline.telegram.api-url=" + telegram.url(),
                "--tipline.telegram.poll-timeout=PT1S",
                "--tipline.telegram.chat-interval=PT0.01S",
                // Only the restart itself may resume unhandled updates in this test.
                "--tipline.telegram.resume-interval=PT1H",
                "--tipline.outbox.idle-wait=PT0.2S");
    }

    private static TelegramCitizen citizen(ConfigurableApplicationContext service) {
        MongoTemplate mongo = service.getBean(MongoTemplate.class);
        Outbox outbox = service.getBean(Outbox.class);
        return new TelegramCitizen(telegram, CHAT, update -> telegram.queue(update).get("update_id").asLong(),
                id -> handled(mongo, id) && !outbox.hasPending(TelegramChannel.NAME, String.valueOf(CHAT)));
    }

    private static boolean handled(MongoTemplate mongo, long updateId) {
        // Finished: a seen id is written when handling starts, the journal entry closed at its end.
        return mongo.exists(Query.query(Criteria.where("_id").is(updateId)), UpdateJournal.SEEN)
                && !mongo.exists(Query.query(Criteria.where("_id").is(updateId).and("status").in("pending", "handled")),
                UpdateJournal.UPDATES);
    }

    @Test
    void aRestartInTheMiddleOfAConversationNeitherLosesNorRepeatsUpdates() {
        // A webhook left by another deployment: getUpdates would answer 409 until it is deleted.
        telegram.presetWebhook("https://old.example.test/webhook/telegram");
        long recordedOnly;
        try (ConfigurableApplicationContext first = startService()) {
            TelegramCitizen citizen = citizen(first);
            citizen.say("/start").press("Báo tin").press("Ma túy");
            assertThat(citizen.lastText()).contains("Hãy kể lại việc bạn biết");

            // The next message was recorded (and so confirmed to Telegram) when the service stopped.
            ObjectNode description = TelegramUpdates.text(CHAT, "Có người bán ma túy ở quán cà phê đầu hẻm 12 mỗi tối");
            recordedOnly = telegram.nextUpdateId();
            description.put("update_id", recordedOnly);
            assertThat(first.getBean(UpdateJournal.class).record(recordedOnly, description.toString())).isTrue();
        }
        assertThat(telegram.webhookUrl()).isEmpty();
        int sentBefore = telegram.delivered(String.valueOf(CHAT)).size();

        // Telegram did not get the last confirmation: it delivers the handled updates again; and the
        // citizen shared a location while the service was down.
        telegram.redeliverConfirmed();
        long location = telegram.queue(TelegramUpdates.location(CHAT, 21.0285, 105.8542)).get("update_id").asLong();

        try (ConfigurableApplicationContext second = startService()) {
            MongoTemplate mongo = second.getBean(MongoTemplate.class);
            Outbox outbox = second.getBean(Outbox.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> handled(mongo, recordedOnly) && handled(mongo, location)
                    && !outbox.hasPending(TelegramChannel.NAME, String.valueOf(CHAT)));
            await().atMost(Duration.ofSeconds(10)).until(() -> telegram.pendingUpdates() == 0);

            List<String> after = telegram.delivered(String.valueOf(CHAT)).stream().skip(sentBefore)
                    .map(FakeTelegram.Call::text).toList();
            // The description was taken (then the place question), the location after it (then "when"), once each.
            assertThat(after).filteredOn(t -> t.contains("Việc này xảy ra ở đâu?")).hasSize(1);
            assertThat(after).filteredOn(t -> t.contains("Việc này xảy ra khi nào?")).hasSize(1);
            assertThat(String.join("\n", after).indexOf("xảy ra ở đâu"))
                    .isLessThan(String.join("\n", after).indexOf("xảy ra khi nào"));
            // Polled updates are counted like webhook ones: the redelivered ones as duplicates.
            io.micrometer.core.instrument.MeterRegistry metrics = second.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(metrics.get("tipline.inbound.rejected").tag("channel", "telegram").tag("reason", "duplicate")
                    .counter().count()).isPositive();
            assertThat(metrics.get("tipline.inbound.accepted").tag("channel", "telegram").counter().count()).isPositive();
            // Nothing from before the restart was answered again.
            assertThat(after).noneMatch(t -> t.contains("Bạn muốn làm gì?") || t.contains("Tin báo của bạn về việc gì?")
                    || t.contains("Hãy kể lại việc bạn biết") || t.contains("đã cũ"));

            // The citizen carries on where the conversation was.
            TelegramCitizen citizen = citizen(second);
            citizen.press("Hôm qua").press("Bỏ qua").press("Gửi ẩn danh");
            assertThat(citizen.lastText()).contains("quán cà phê đầu hẻm 12", "vị trí bạn đã gửi").doesNotContain("21.028500");
            citizen.press("Có, gửi đi");
            assertThat(mongo.exists(Query.query(Criteria.where("code").is(citizen.receiptCode())), "tips")).isTrue();
            // A poll has no acknowledgement to answer a press in: the service answered each of the six itself.
            assertThat(telegram.calls("answerCallbackQuery")).hasSizeGreaterThanOrEqualTo(6);
            assertThat(telegram.callsInWebhookReplies()).isEmpty();

            // Someone sets a webhook for the bot: getUpdates answers 409; the poller removes it and goes on.
            telegram.presetWebhook("https://elsewhere.example.test/hook");
            citizen.say("/help");
            assertThat(citizen.lastText()).contains("/status");
            // A long poll already waiting when the webhook was set returns normally: the 409 comes on the next one.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(telegram.calls("getUpdates")).anyMatch(c -> c.status() == 409);
                assertThat(telegram.webhookUrl()).isEmpty();
            });
        }
    }
}
