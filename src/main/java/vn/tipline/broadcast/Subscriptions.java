package vn.tipline.broadcast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import vn.tipline.outbox.DeliveryFailed;
import vn.tipline.tip.ReporterKeys;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Citizens who asked for awareness news, by pseudonymous reporter key only: the chat stays in the
 * channel feature's address book and is looked up at delivery. A subscriber who blocks the bot is
 * deactivated as soon as the outbox reports the chat unreachable.
 */
@Service
public class Subscriptions {

    static final String COLLECTION = "broadcast_subscribers";
    /** Campaign work is split by subscriber bucket (a stable hash of the key), see {@link BroadcastDispatcher}. */
    static final int BUCKETS = 64;

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final MongoTemplate mongo;
    private final ReporterKeys keys;
    private final Clock clock;

    Subscriptions(MongoTemplate mongo, ReporterKeys keys, Clock clock) {
        this.mongo = mongo;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param since     when the current subscription began (a campaign reaches those subscribed before it started)
     * @param stoppedBy why it ended: "citizen" (unsubscribed) or "unreachable" (blocked the bot)
     */
    @Document(COLLECTION)
    record Subscriber(@Id String key, String channel, Integer province, Integer commune, List<String> topics,
                      String language, boolean active, Instant since, Instant updatedAt, String stoppedBy, int bucket) {
    }

    static int bucketOf(String key) {
        return Math.floorMod(key.hashCode(), BUCKETS);
    }

    /** Subscribes, or changes an active subscription (its start time is kept). An empty topic list means all. */
    public void subscribe(String key, String channel, Integer province, Integer commune, List<String> topics, String language) {
        Instant now = clock.instant();
        Subscriber existing = mongo.findById(key, Subscriber.class);
        Instant since = existing != null && existing.active() ? existing.since() : now;
        mongo.save(new Subscriber(key, channel, province, commune, topics == null ? List.of() : List.copyOf(topics),
                language, true, since, now, null, bucketOf(key)));
        log.info("Broadcast: a {} subscriber {}", channel, existing != null && existing.active() ? "changed" : "joined");
    }

    /** Ends the subscription at once; false if there was none active (unsubscribing twice is harmless). */
    boolean unsubscribe(String key) {
        return stop(key, "citizen");
    }

    private boolean stop(String key, String why) {
        long changed = mongo.updateFirst(Query.query(Criteria.where("_id").is(key).and("active").is(true)),
                new Update().set("active", false).set("stoppedBy", why).set("updatedAt", clock.instant()),
                Subscriber.class).getModifiedCount();
        if (changed > 0) {
            log.info("Broadcast: a subscriber left ({})", why);
        }
        return changed > 0;
    }

    boolean isActive(String key) {
        Subscriber s = mongo.findById(key, Subscriber.class);
        return s != null && s.active();
    }

    Subscriber find(String key) {
        return mongo.findById(key, Subscriber.class);
    }

    /** The reporter keys of every active subscriber: retention must keep them reachable. */
    public Set<String> activeKeys() {
        Query query = Query.query(Criteria.where("active").is(true));
        query.fields().include("_id");
        Set<String> keys = new HashSet<>();
        // Only the ids, as plain documents: a partial Subscriber would need every field.
        for (org.bson.Document subscriber : mongo.find(query, org.bson.Document.class, COLLECTION)) {
            keys.add(String.valueOf(subscriber.get("_id")));
        }
        return keys;
    }

    @EventListener
    void onDeliveryFailed(DeliveryFailed failed) {
        if (failed.chatUnreachable()) {
            stop(keys.keyFor(failed.channel(), failed.chatId()), "unreachable");
        }
    }

    /** The active subscribers an audience reaches (subscribed before {@code before}, if given). */
    Criteria audience(Audience audience, Instant before) {
        return matching(audience, before, Criteria.where("active").is(true));
    }

    private Criteria matching(Audience audience, Instant before, Criteria state) {
        List<Criteria> all = new ArrayList<>();
        all.add(state);
        if (before != null) {
            all.add(Criteria.where("since").lte(before));
        }
        List<Criteria> area = new ArrayList<>();
        if (!audience.provinces().isEmpty()) {
            area.add(Criteria.where("province").in(audience.provinces()));
        }
        if (!audience.communes().isEmpty()) {
            area.add(Criteria.where("commune").in(audience.communes()));
        }
        if (area.size() == 1) {
            all.add(area.get(0));
        } else if (area.size() > 1) {
            all.add(new Criteria().orOperator(area));
        }
        if (!audience.topics().isEmpty()) {
            // An empty topic list is "everything".
            all.add(new Criteria().orOperator(Criteria.where("topics").in(audience.topics()),
                    Criteria.where("topics").size(0)));
        }
        if (!audience.channels().isEmpty()) {
            all.add(Criteria.where("channel").in(audience.channels()));
        }
        return new Criteria().andOperator(all);
    }

    long count(Audience audience) {
        return mongo.count(Query.query(audience(audience, null)), Subscriber.class);
    }

    /** Subscribers of the audience at {@code startedAt} who unsubscribed since (not those who blocked the bot). */
    long optedOutInBucket(Audience audience, Instant startedAt, int bucket) {
        return mongo.count(Query.query(new Criteria().andOperator(matching(audience, startedAt,
                Criteria.where("active").is(false)), Criteria.where("stoppedBy").is("citizen"),
                Criteria.where("updatedAt").gte(startedAt), Criteria.where("bucket").is(bucket))), Subscriber.class);
    }

    List<Subscriber> inBucket(Audience audience, Instant before, int bucket) {
        return mongo.find(Query.query(new Criteria().andOperator(audience(audience, before),
                Criteria.where("bucket").is(bucket))), Subscriber.class);
    }
}
