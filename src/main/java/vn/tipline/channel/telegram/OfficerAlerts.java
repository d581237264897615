package vn.tipline.channel.telegram;

import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import vn.tipline.account.UnitNames;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.Outbox;
import vn.tipline.tip.DeadlineDigest;
import vn.tipline.tip.TipFiled;

import java.util.List;
import java.util.Locale;

/**
 * Posts a short notice of each new tip (receipt code, topic, unit by name and code, urgency; never
 * the reporter or the tip's text) and the daily digest of tips near or past their time limit
 * (codes and counts only) to the officers' Telegram group, through the outbox, once each.
 */
class OfficerAlerts {

    private static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    /** Codes listed per group in the digest; the count says how many more. */
    static final int DIGEST_CODES = 40;

    private final String chatId;
    private final MessageRenderer renderer;
    private final Outbox outbox;
    private final MessageSource messages;
    private final UnitNames units;

    OfficerAlerts(String chatId, MessageRenderer renderer, Outbox outbox, MessageSource messages, UnitNames units) {
        this.chatId = chatId;
        this.renderer = renderer;
        this.outbox = outbox;
        this.messages = messages;
        this.units = units;
    }

    @EventListener
    void tipFiled(TipFiled tip) {
        String topic = messages.getMessage("topic." + tip.topic().name(), null, tip.topic().name(), VIETNAMESE);
        String unit = tip.unit() == null ? messages.getMessage("alert.unrouted", null, "-", VIETNAMESE)
                : units.name(tip.unit()).map(name -> name + " · " + tip.unit()).orElse(tip.unit());
        String text = messages.getMessage(tip.urgent() ? "alert.newTip.urgent" : "alert.newTip",
                new Object[]{tip.code(), topic, unit}, VIETNAMESE);
        send(text, "telegram:alert:" + tip.code());
    }

    @EventListener
    void deadlines(DeadlineDigest digest) {
        StringBuilder text = new StringBuilder(messages.getMessage("alert.deadlines",
                new Object[]{digest.overdue().size(), digest.nearDue().size()}, VIETNAMESE));
        group(text, "alert.deadlines.overdue", digest.overdue());
        group(text, "alert.deadlines.near_due", digest.nearDue());
        send(text.toString(), "telegram:deadlines:" + digest.day());
    }

    private void group(StringBuilder text, String key, List<String> codes) {
        if (codes.isEmpty()) {
            return;
        }
        text.append("\n").append(messages.getMessage(key, new Object[]{codes.size()}, VIETNAMESE)).append(" ")
                .append(String.join(", ", codes.subList(0, Math.min(DIGEST_CODES, codes.size()))));
        if (codes.size() > DIGEST_CODES) {
            text.append(" ").append(messages.getMessage("alert.deadlines.more",
                    new Object[]{codes.size() - DIGEST_CODES}, VIETNAMESE));
        }
    }

    private void send(String text, String key) {
        outbox.enqueue(TelegramChannel.NAME, chatId, renderer.render(chatId, List.of(new Outbound.Text(text)), key));
    }
}
