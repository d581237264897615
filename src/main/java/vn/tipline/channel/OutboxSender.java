package vn.tipline.channel;

import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxMessage;

import java.util.List;
import java.util.UUID;

/**
 * A channel's sender over the durable outbox (Telegram, Zalo): messages outside a reply, such as
 * officers' follow-ups, relay answers and broadcasts. Only the rendering differs per channel.
 */
public final class OutboxSender implements ChannelSender {

    /** Renders replies as outbox entries whose keys are {@code keyPrefix:reply:part}. */
    public interface Renderer {
        List<OutboxMessage> render(String chatId, List<Outbound> messages, String keyPrefix);
    }

    private final String channel;
    private final Renderer renderer;
    private final Outbox outbox;
    private final ChatReachability reachability;

    public OutboxSender(String channel, Renderer renderer, Outbox outbox, ChatReachability reachability) {
        this.channel = channel;
        this.renderer = renderer;
        this.outbox = outbox;
        this.reachability = reachability;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public void send(String chatId, List<Outbound> messages) {
        outbox.enqueue(channel, chatId, renderer.render(chatId, messages, channel + ":send:" + UUID.randomUUID()));
    }

    @Override
    public Handoff sendOnce(String chatId, List<Outbound> messages, String key) {
        if (reachability.isUnreachable(channel, chatId)) {
            return Handoff.UNREACHABLE;
        }
        // The outbox skips a key already queued or delivered within its retention. Bulk: replies go first.
        outbox.enqueueBulk(channel, chatId, renderer.render(chatId, messages, key));
        return Handoff.QUEUED;
    }
}
