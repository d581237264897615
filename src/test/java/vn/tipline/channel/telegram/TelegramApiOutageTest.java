package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.tipline.outbox.Outbox;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.TelegramUpdates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Bot API misbehaving for a while: answering 500, or answering later than the client's request
 * timeout. Everything is delivered afterwards. Telegram's sendMessage has no idempotency key, so a
 * call that timed out may have delivered its message: sending it again is the only way not to lose
 * it, and such a message can arrive twice. Only those: a copy of any other message is a defect.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
        "tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
        "tipline.telegram.request-timeout=PT1S",
        "tipline.telegram.chat-interval=PT0.01S",
        "tipline.telegram.resume-interval=PT0.5S",
        "tipline.outbox.backoff-initial=PT0.05S",
        "tipline.outbox.backoff-max=PT0.5S",
        "tipline.outbox.idle-wait=PT0.2S"})
@ActiveProfiles("test")
class TelegramApiOutageTest {

    static final FakeTelegram telegram = FakeTelegram.start();
    private static final AtomicLong CHATS = new AtomicLong(7_600_000_000L);

    @DynamicPropertySource
    static void botApi(DynamicPropertyRegistry registry) {
        registry.add("tipline.telegram.api-url", telegram::url);
    }

    @AfterAll
    static void stopFake() {
        telegram.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Outbox outbox;

    @BeforeEach
    void webhookIsRegistered() {
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.webhookSecret() != null);
    }

    private long push(ObjectNode update) {
        long id = telegram.nextUpdateId();
        update.put("update_id", id);
        assertThat(telegram.push("http://127.0.0.1:" + port + "/webhook/telegram", update)).isEqualTo(200);
        return id;
    }

    private boolean settled(long updateId, String chatId) {
        // Finished (a seen id is written when handling starts), and its replies sent.
        return mongo.exists(Query.query(Criteria.where("_id").is(updateId)), UpdateJournal.SEEN)
                && !mongo.exists(Query.query(Criteria.where("_id").is(updateId).and("status").in("pending", "handled")),
                UpdateJournal.UPDATES)
                && !outbox.hasPending(TelegramChannel.NAME, chatId);
    }

    private TelegramCitizen citizen() {
        long chat = CHATS.incrementAndGet();
        return new TelegramCitizen(telegram, chat, this::push, id -> settled(id, String.valueOf(chat)));
    }

    /** The messages delivered to a chat, with copies (the same call twice in a row) left out; counts them. */
    private static List<String> withoutCopies(List<FakeTelegram.Call> delivered, List<FakeTelegram.Call> copies) {
        List<String> texts = new ArrayList<>();
        FakeTelegram.Call previous = null;
        for (FakeTelegram.Call call : delivered) {
            if (previous != null && call.params().equals(previous.params())) {
                copies.add(call);
                continue;
            }
            texts.add(TelegramCitizen.visible(call.text()));
            previous = call;
        }
        return texts;
    }

    @Test
    void aBotApiSlowerThanTheRequestTimeoutDelaysRepliesAndCopiesOnlyWhatTimedOut() {
        TelegramCitizen citizen = citizen();
        citizen.say("/start");
        // Telegram takes 3 s to answer, the client gives up after 1 s: three times in a row.
        telegram.stallNext("sendMessage", 3, Duration.ofSeconds(3));
        citizen.press("Báo tin");
        assertThat(citizen.lastText()).contains("Tin báo của bạn về việc gì?");
        citizen.press("Lừa đảo");
        assertThat(citizen.lastText()).contains("Hãy kể lại việc bạn biết");

        List<FakeTelegram.Call> copies = new ArrayList<>();
        List<String> texts = withoutCopies(telegram.delivered(citizen.chat()), copies);
        assertThat(String.join("\n", texts)).contains("Bạn muốn làm gì?", "Tin báo của bạn về việc gì?",
                "Hãy kể lại việc bạn biết");
        assertThat(texts.stream().filter(t -> t.contains("Tin báo của bạn về việc gì?"))).hasSize(1);
        // The three stalled calls were carried out by Telegram and then sent again: at most three copies.
        assertThat(copies).hasSizeBetween(1, 3);
    }

    @Test
    void aBotApiAnswering500ForAWhileDeliversEverythingOnceAfterwards() {
        List<TelegramCitizen> citizens = List.of(citizen(), citizen(), citizen(), citizen(), citizen());
        telegram.failFor("sendMessage", Duration.ofSeconds(3), FakeTelegram.Failure.internal());
        List<Long> ids = new ArrayList<>();
        for (TelegramCitizen c : citizens) {
            ids.add(push(TelegramUpdates.text(c.chatId(), "/start")));
        }
        for (int i = 0; i < citizens.size(); i++) {
            long id = ids.get(i);
            String chat = citizens.get(i).chat();
            await().atMost(Duration.ofSeconds(30)).until(() -> settled(id, chat));
        }
        assertThat(telegram.calls("sendMessage").stream().filter(c -> c.status() == 500)).isNotEmpty();
        for (TelegramCitizen c : citizens) {
            List<FakeTelegram.Call> delivered = telegram.delivered(c.chat());
            assertThat(delivered.stream().filter(m -> m.text().contains("Bạn muốn làm gì?"))).as(c.chat()).hasSize(1);
            // A 500 is an answer: nothing was delivered, so nothing is copied.
            assertThat(withoutCopies(delivered, new ArrayList<>())).hasSize(delivered.size());
        }
    }
}
