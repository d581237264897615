package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.OutboxMessage;

import java.util.ArrayList;
import java.util.List;

/** Replies as outbox entries: one Zalo message each, keyed so a replayed event queues nothing twice. */
class ZaloRenderer {

    private final ZaloMessages messages;

    ZaloRenderer(ObjectMapper json) {
        this.messages = new ZaloMessages(json);
    }

    List<OutboxMessage> render(List<Outbound> replies, String keyPrefix) {
        List<OutboxMessage> out = new ArrayList<>();
        for (Outbound reply : replies) {
            for (ObjectNode message : messages.toZalo(reply)) {
                out.add(new OutboxMessage(keyPrefix + ":" + out.size(), ZaloTransport.KIND, message.toString()));
            }
        }
        return out;
    }
}
