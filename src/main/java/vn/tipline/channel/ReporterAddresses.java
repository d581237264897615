package vn.tipline.channel;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The only place a pseudonymous reporter key is tied to a chat: needed to deliver officers'
 * follow-ups and relay answers. Officers' APIs never read it; it is not in tips or logs.
 */
@Component
class ReporterAddresses {

    static final String COLLECTION = "reporter_addresses";

    private final MongoTemplate mongo;
    private final Clock clock;

    ReporterAddresses(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Document(COLLECTION)
    record Address(@Id String reporterKey, String channel, String chatId, Instant createdAt, Instant lastSeen) {
    }

    /**
     * Records the address when a conversation starts; the key is derived from it, so it never
     * changes. {@code lastSeen} is when the latest conversation started: the retention policy
     * forgets addresses not seen for long.
     */
    void remember(String reporterKey, String channel, String chatId) {
        Instant now = clock.instant();
        if (mongo.updateFirst(Query.query(Criteria.where("_id").is(reporterKey)), new Update().set("lastSeen", now),
                Address.class).getMatchedCount() > 0) {
            return;
        }
        try {
            mongo.insert(new Address(reporterKey, channel, chatId, now, now));
        } catch (DuplicateKeyException alreadyThere) {
            // Another message of the same citizen recorded it first.
        }
    }

    Optional<Address> find(String reporterKey) {
        return Optional.ofNullable(mongo.findById(reporterKey, Address.class));
    }
}
