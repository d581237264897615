package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.TelegramUpdates;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A citizen in a private Telegram chat: sends updates (through the webhook or the polling queue),
 * waits until the service has handled each one and delivered its replies to the fake Bot API, and
 * presses the inline buttons it was shown.
 */
final class TelegramCitizen {

    private final FakeTelegram fake;
    private final long chatId;
    private final ToLongFunction<ObjectNode> deliver;
    private final LongPredicate settled;
    private List<FakeTelegram.Call> last = List.of();

    /**
     * @param deliver hands an update to the service and returns its update_id
     * @param settled whether an update is handled and every reply it caused has been sent
     */
    TelegramCitizen(FakeTelegram fake, long chatId, ToLongFunction<ObjectNode> deliver, LongPredicate settled) {
        this.fake = fake;
        this.chatId = chatId;
        this.deliver = deliver;
        this.settled = settled;
    }

    long chatId() {
        return chatId;
    }

    String chat() {
        return String.valueOf(chatId);
    }

    TelegramCitizen send(ObjectNode update) {
        int before = fake.delivered(chat()).size();
        long id = deliver.applyAsLong(update);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> settled.test(id));
        List<FakeTelegram.Call> all = fake.delivered(chat());
        last = all.subList(before, all.size());
        return this;
    }

    TelegramCitizen say(String text) {
        return send(TelegramUpdates.text(chatId, text));
    }

    TelegramCitizen shareLocation(double latitude, double longitude) {
        return send(TelegramUpdates.location(chatId, latitude, longitude));
    }

    TelegramCitizen sendPhoto(byte[] jpeg) {
        return send(TelegramUpdates.photo(chatId, fake.addFile(jpeg, "jpg"), jpeg.length));
    }

    /** Presses the inline button whose label contains {@code label}, in the newest message that shows one. */
    TelegramCitizen press(String label) {
        return pressPayload(payloadOf(label));
    }

    TelegramCitizen pressPayload(String payload) {
        return send(TelegramUpdates.callback(chatId, payload));
    }

    String payloadOf(String label) {
        List<FakeTelegram.Call> all = fake.delivered(chat());
        for (int i = all.size() - 1; i >= 0; i--) {
            for (JsonNode row : all.get(i).params().path("reply_markup").path("inline_keyboard")) {
                for (JsonNode button : row) {
                    if (button.path("text").asText().contains(label)) {
                        return button.path("callback_data").asText();
                    }
                }
            }
        }
        throw new AssertionError("no button '" + label + "' was shown; last replies: " + lastText());
    }

    /** The replies to the last update, as delivered. */
    List<FakeTelegram.Call> last() {
        return last;
    }

    /** The replies' visible texts (HTML entities decoded, as the citizen reads them), joined. */
    String lastText() {
        StringBuilder sb = new StringBuilder();
        for (FakeTelegram.Call call : last) {
            sb.append(visible(call.text())).append('\n');
        }
        return sb.toString();
    }

    static String visible(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    String receiptCode() {
        Matcher m = Pattern.compile("TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}").matcher(lastText());
        if (!m.find()) {
            throw new AssertionError("no receipt code in " + lastText());
        }
        return m.group();
    }
}
