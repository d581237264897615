package vn.tipline.police;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Who loads the gazetteer into a store shared by several instances: one document, taken with a
 * conditional update, renewed as the load goes on, freed when it ends. A holder that dies stops renewing; after {@link #TERM} the
 * next instance takes over, and the load, being idempotent, is simply done again.
 */
final class GazetteerLease {

    static final String COLLECTION = "gazetteer_lease";
    static final Duration TERM = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(250);
    private static final String ID = "load";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();

    GazetteerLease(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Takes the lease if nobody holds it or its holder's term is over. The document is created free
     * by an upsert on its id alone (two of those never conflict), then taken by a conditional update:
     * an upsert with the condition would meet the unique id whenever the lease is held, and the
     * embedded store logs every such refusal as an ERROR.
     */
    boolean take() {
        mongo.upsert(Query.query(Criteria.where("_id").is(ID)), new Update().setOnInsert("until", Instant.EPOCH), COLLECTION);
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(ID).and("until").lt(clock.instant())),
                new Update().set("owner", owner).set("until", clock.instant().plus(TERM)), COLLECTION)
                .getModifiedCount() == 1;
    }

    void renew() {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ID).and("owner").is(owner)),
                new Update().set("until", clock.instant().plus(TERM)), COLLECTION);
    }

    void release() {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ID).and("owner").is(owner)),
                new Update().set("until", Instant.EPOCH).unset("owner"), COLLECTION);
    }
}
