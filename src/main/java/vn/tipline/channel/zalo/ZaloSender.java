package vn.tipline.channel.zalo;

import vn.tipline.channel.ChannelSender;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.Outbox;

import java.util.List;
import java.util.UUID;

/** Messages to a Zalo user outside a reply (officers' follow-ups, relay answers): through the outbox. */
class ZaloSender implements ChannelSender {

    private final ZaloRenderer renderer;
    private final Outbox outbox;

    ZaloSender(ZaloRenderer renderer, Outbox outbox) {
        this.renderer = renderer;
        this.outbox = outbox;
    }

    @Override
    public String channel() {
        return ZaloChannel.NAME;
    }

    @Override
    public void send(String chatId, List<Outbound> messages) {
        outbox.enqueue(channel(), chatId, renderer.render(messages, "zalo:send:" + UUID.randomUUID()));
    }
}
