package vn.tipline.channel;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

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

    ReporterAddresses(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document(COLLECTION)
    record Address(@Id String reporterKey, String channel, String chatId, Instant createdAt) {
    }

    /** Records the address once; the key is derived from it, so it never changes. */
    void remember(String reporterKey, String channel, String chatId) {
        if (mongo.findById(reporterKey, Address.class) != null) {
            return;
        }
        try {
            mongo.insert(new Address(reporterKey, channel, chatId, Instant.now()));
        } catch (DuplicateKeyException alreadyThere) {
            // Another message of the same citizen recorded it first.
        }
    }

    Optional<Address> find(String reporterKey) {
        return Optional.ofNullable(mongo.findById(reporterKey, Address.class));
    }
}
