package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.InboundHandler;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.DeliveryFailed;

import java.io.IOException;
import java.util.List;

/**
 * Zalo's part of the {@link InboundPipeline}: reads a recorded webhook event (minimised JSON),
 * downloads what it carries, runs the conversation (or opens one on a follow), renders the replies.
 */
class ZaloEventHandler implements InboundHandler {

    private static final Logger log = LoggerFactory.getLogger(ZaloEventHandler.class);

    private final ZaloApiClient api;
    private final ZaloRenderer renderer;
    private final ConversationService conversations;
    private final ChatReachability reachability;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;

    ZaloEventHandler(ZaloApiClient api, ZaloRenderer renderer, ConversationService conversations,
                     ChatReachability reachability, ApplicationEventPublisher events, ObjectMapper json) {
        this.api = api;
        this.renderer = renderer;
        this.conversations = conversations;
        this.reachability = reachability;
        this.events = events;
        this.json = json;
    }

    @Override
    public String route(String raw) throws IOException {
        return ZaloEvents.userOf(json.readTree(raw)).orElse("?");
    }

    @Override
    public Handled handle(Object eventId, String raw) throws IOException {
        JsonNode event = json.readTree(raw);
        String userId = ZaloEvents.userOf(event).orElse(null);
        if (userId == null) {
            return Handled.NOTHING;
        }
        ZaloEvents.Meaning meaning = ZaloEvents.read(event, api::download);
        String keyPrefix = "zalo:event:" + eventId;
        if (meaning instanceof ZaloEvents.Message m) {
            reachability.markReachable(ZaloChannel.NAME, m.userId());
            List<Outbound> replies = conversations.handle(ZaloChannel.NAME, m.userId(), m.inbound(), keyPrefix);
            return new Handled(userId, renderer.render(replies, keyPrefix));
        }
        if (meaning instanceof ZaloEvents.Followed f) {
            reachability.markReachable(ZaloChannel.NAME, f.userId());
            return new Handled(userId, renderer.render(conversations.open(ZaloChannel.NAME, f.userId(), keyPrefix), keyPrefix));
        }
        if (meaning instanceof ZaloEvents.Unfollowed u) {
            reachability.markUnreachable(ZaloChannel.NAME, u.userId(), "unfollowed");
            // Same signal as a blocked Telegram chat: subscriptions and queued messages for it end.
            events.publishEvent(new DeliveryFailed(ZaloChannel.NAME, u.userId(), "unfollowed", true, 0));
            log.info("A Zalo user unfollowed the OA");
        }
        return Handled.NOTHING;
    }
}
