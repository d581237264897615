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
        // Keys are prefix:reply:part, as for Telegram: a broadcast finds its first part at prefix:0:0.
        List<OutboxMessage> out = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            List<ObjectNode> parts = messages.toZalo(replies.get(i));
            for (int j = 0; j < parts.size(); j++) {
                out.add(new OutboxMessage(keyPrefix + ":" + i + ":" + j, ZaloTransport.KIND, parts.get(j).toString()));
            }
        }
        return out;
    }
}
