package vn.tipline.channel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
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
        // One command for a new citizen and a returning one alike (it was an update, then an insert).
        // Through the driver: the template's mapping of this fixed query and update cost as much as the command.
        Date seen = Date.from(now);
        try {
            mongo.execute(COLLECTION, c -> c.updateOne(Filters.eq("_id", reporterKey), Updates.combine(
                    Updates.set("lastSeen", seen), Updates.setOnInsert("channel", channel),
                    Updates.setOnInsert("chatId", chatId), Updates.setOnInsert("createdAt", seen)),
                    new UpdateOptions().upsert(true)));
        } catch (DuplicateKeyException alreadyThere) {
            // Another message of the same citizen, on another instance, inserted it at the same moment (the
            // template translates the store's refusal; a real MongoDB retries such an upsert itself).
        }
    }

    Optional<Address> find(String reporterKey) {
        return Optional.ofNullable(mongo.findById(reporterKey, Address.class));
    }
}
