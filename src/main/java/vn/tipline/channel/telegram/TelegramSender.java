package vn.tipline.channel.telegram;

import vn.tipline.channel.ChannelSender;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;

import java.util.List;
import java.util.UUID;

/** Messages to a Telegram chat outside a reply (officers' follow-ups, relay answers): through the outbox. */
class TelegramSender implements ChannelSender {

    private final MessageRenderer renderer;
    private final Outbox outbox;
    private final ChatReachability reachability;

    TelegramSender(MessageRenderer renderer, Outbox outbox, ChatReachability reachability) {
        this.renderer = renderer;
        this.outbox = outbox;
        this.reachability = reachability;
    }

    @Override
    public String channel() {
        return TelegramChannel.NAME;
    }

    @Override
    public void send(String chatId, List<Outbound> messages) {
        outbox.enqueue(channel(), chatId, renderer.render(chatId, messages, "telegram:send:" + UUID.randomUUID()));
    }

    @Override
    public Handoff sendOnce(String chatId, List<Outbound> messages, String key) {
        if (reachability.isUnreachable(channel(), chatId)) {
            return Handoff.UNREACHABLE;
        }
        // Keys are key:i:j; the outbox skips a key already queued or delivered within its retention.
        outbox.enqueue(channel(), chatId, renderer.render(chatId, messages, key));
        return Handoff.QUEUED;
    }
}
