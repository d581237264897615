package vn.tipline.channel.telegram;

import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.Outbox;
import vn.tipline.tip.TipFiled;

import java.util.List;
import java.util.Locale;

/**
 * Posts a short notice of each new tip (receipt code, topic, unit, urgency; never the reporter
 * or the tip's text) to the officers' Telegram group, through the outbox, once per tip.
 */
class OfficerAlerts {

    private static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

    private final String chatId;
    private final MessageRenderer renderer;
    private final Outbox outbox;
    private final MessageSource messages;

    OfficerAlerts(String chatId, MessageRenderer renderer, Outbox outbox, MessageSource messages) {
        this.chatId = chatId;
        this.renderer = renderer;
        this.outbox = outbox;
        this.messages = messages;
    }

    @EventListener
    void tipFiled(TipFiled tip) {
        String topic = messages.getMessage("topic." + tip.topic().name(), null, tip.topic().name(), VIETNAMESE);
        String unit = tip.unit() == null ? messages.getMessage("alert.unrouted", null, "-", VIETNAMESE) : tip.unit();
        String text = messages.getMessage(tip.urgent() ? "alert.newTip.urgent" : "alert.newTip",
                new Object[]{tip.code(), topic, unit}, VIETNAMESE);
        outbox.enqueue(TelegramChannel.NAME, chatId,
                renderer.render(chatId, List.of(new Outbound.Text(text)), "telegram:alert:" + tip.code()));
    }
}
