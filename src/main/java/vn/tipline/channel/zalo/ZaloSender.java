package vn.tipline.channel.zalo;

import vn.tipline.channel.ChannelSender;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;

import java.util.List;
import java.util.UUID;

/** Messages to a Zalo user outside a reply (officers' follow-ups, relay answers): through the outbox. */
class ZaloSender implements ChannelSender {

    private final ZaloRenderer renderer;
    private final Outbox outbox;
    private final ChatReachability reachability;

    ZaloSender(ZaloRenderer renderer, Outbox outbox, ChatReachability reachability) {
        this.renderer = renderer;
        this.outbox = outbox;
        this.reachability = reachability;
    }

    @Override
    public String channel() {
        return ZaloChannel.NAME;
    }

    @Override
    public void send(String chatId, List<Outbound> messages) {
        outbox.enqueue(channel(), chatId, renderer.render(messages, "zalo:send:" + UUID.randomUUID()));
    }

    @Override
    public Handoff sendOnce(String chatId, List<Outbound> messages, String key) {
        if (reachability.isUnreachable(channel(), chatId)) {
            return Handoff.UNREACHABLE;
        }
        // The outbox skips a key already queued or delivered within its retention.
        outbox.enqueue(channel(), chatId, renderer.render(messages, key));
        return Handoff.QUEUED;
    }
}
