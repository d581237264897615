package vn.tipline.channel.telegram;

import vn.tipline.channel.ChannelSender;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.Outbox;

import java.util.List;
import java.util.UUID;

/** Messages to a Telegram chat outside a reply (officers' follow-ups, relay answers): through the outbox. */
class TelegramSender implements ChannelSender {

    private final MessageRenderer renderer;
    private final Outbox outbox;

    TelegramSender(MessageRenderer renderer, Outbox outbox) {
        this.renderer = renderer;
        this.outbox = outbox;
    }

    @Override
    public String channel() {
        return TelegramChannel.NAME;
    }

    @Override
    public void send(String chatId, List<Outbound> messages) {
        outbox.enqueue(channel(), chatId, renderer.render(chatId, messages, "telegram:send:" + UUID.randomUUID()));
    }
}
