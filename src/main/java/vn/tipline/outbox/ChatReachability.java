package vn.tipline.outbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.tipline.store.StoreLocation;
import vn.tipline.tip.ReporterKeys;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which chats cannot be reached (the citizen blocked the bot, deleted the account). Kept by
 * pseudonymous reporter key, so no chat id is stored; the outbox stops queueing for such a chat,
 * and a channel clears the mark when the citizen writes again (or unblocks the bot).
 *
 * <p>Asked on every update and every reply, and almost always "reachable": on the embedded store,
 * where this is the only instance and every mark goes through here, the keys known to be unmarked
 * are remembered (a bounded set), so those questions cost no store read. With a MongoDB URI other
 * instances may mark a chat, so every question reads the store.
 */
@Component
public class ChatReachability {

    private static final int REMEMBERED = 50_000;

    private final MongoTemplate mongo;
    private final ReporterKeys keys;
    private final Clock clock;
    /**
     * Reporter keys read as unmarked, least recently used first (guarded by {@code this}); null when
     * not the sole instance.
     */
    private final Map<String, Boolean> unmarked;
    /**
     * Grows after each mark is stored (guarded by {@code this}): a key read as unmarked is remembered
     * only if no mark was stored meanwhile, so a mark stored while the read was on its way is never hidden.
     */
    private long marks;

    ChatReachability(MongoTemplate mongo, ReporterKeys keys, Clock clock, ObjectProvider<StoreLocation> store) {
        this.mongo = mongo;
        this.keys = keys;
        this.clock = clock;
        this.unmarked = StoreLocation.isSoleInstance(store) ? new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        } : null;
    }

    public boolean isUnreachable(String channel, String chatId) {
        return markOf(keys.keyFor(channel, chatId)) != null;
    }

    public void markUnreachable(String channel, String chatId, String code) {
        String key = keys.keyFor(channel, chatId);
        mongo.save(new OutboxDocuments.Unreachable(key, channel, code, clock.instant()));
        synchronized (this) {
            marks++;
            if (unmarked != null) {
                unmarked.remove(key);
            }
        }
    }

    /**
     * The chat showed signs of life; cheap when it was never marked (a read by id, or none). Only the
     * mark that was read is removed: one stored in between (a send failing at that very moment) stays.
     */
    public void markReachable(String channel, String chatId) {
        String key = keys.keyFor(channel, chatId);
        long seen = marks();
        OutboxDocuments.Unreachable mark = markOf(key);
        if (mark != null) {
            mongo.remove(Query.query(Criteria.where("_id").is(key).and("since").is(mark.since())),
                    OutboxDocuments.Unreachable.class);
            remember(key, seen);
        }
    }

    /** The chat's mark, or null if it has none. */
    private OutboxDocuments.Unreachable markOf(String key) {
        long seen;
        synchronized (this) {
            if (unmarked != null && unmarked.get(key) != null) { // get, not containsKey: it counts as a use
                return null;
            }
            seen = marks;
        }
        OutboxDocuments.Unreachable mark = mongo.findById(key, OutboxDocuments.Unreachable.class);
        if (mark == null) {
            remember(key, seen);
        }
        return mark;
    }

    private synchronized long marks() {
        return marks;
    }

    private synchronized void remember(String key, long seen) {
        if (unmarked != null && marks == seen) {
            unmarked.put(key, Boolean.TRUE);
        }
    }
}
