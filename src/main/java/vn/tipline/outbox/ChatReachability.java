package vn.tipline.outbox;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.tipline.tip.ReporterKeys;

import java.time.Clock;

/**
 * Which chats cannot be reached (the citizen blocked the bot, deleted the account). Kept by
 * pseudonymous reporter key, so no chat id is stored; the outbox stops queueing for such a chat,
 * and a channel clears the mark when the citizen writes again (or unblocks the bot).
 */
@Component
public class ChatReachability {

    private final MongoTemplate mongo;
    private final ReporterKeys keys;
    private final Clock clock;

    ChatReachability(MongoTemplate mongo, ReporterKeys keys, Clock clock) {
        this.mongo = mongo;
        this.keys = keys;
        this.clock = clock;
    }

    public boolean isUnreachable(String channel, String chatId) {
        return mongo.findById(keys.keyFor(channel, chatId), OutboxDocuments.Unreachable.class) != null;
    }

    public void markUnreachable(String channel, String chatId, String code) {
        mongo.save(new OutboxDocuments.Unreachable(keys.keyFor(channel, chatId), channel, code, clock.instant()));
    }

    /** The chat showed signs of life; cheap when it was never marked (a read by id). */
    public void markReachable(String channel, String chatId) {
        String key = keys.keyFor(channel, chatId);
        if (mongo.findById(key, OutboxDocuments.Unreachable.class) != null) {
            mongo.remove(Query.query(Criteria.where("_id").is(key)), OutboxDocuments.Unreachable.class);
        }
    }
}
