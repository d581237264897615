package vn.tipline.police;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The retention policy's part in the relay: a thread silent for long is closed and loses what ties
 * it to the citizen (the pseudonymous reporter key, through which the chat is reached, and the
 * contact they left). Officers keep the thread's code and messages; an answer to it is refused as
 * to any closed thread.
 */
@Service
public class RelayRetention {

    static final String CLOSED_BY = "RETENTION";

    private final MongoTemplate mongo;
    private final Clock clock;

    RelayRetention(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Unlinks threads with no message since {@code inactiveSince}; returns how many. */
    public int unlinkInactive(Instant inactiveSince) {
        Instant now = clock.instant();
        mongo.updateMulti(Query.query(Criteria.where("status").is(RelayThread.Status.OPEN).and("updatedAt").lt(inactiveSince)),
                new Update().set("status", RelayThread.Status.CLOSED).set("closedAt", now).set("closedBy", CLOSED_BY),
                RelayThread.class);
        // updatedAt stays: it is the last message, what officers sort by.
        return (int) mongo.updateMulti(Query.query(Criteria.where("updatedAt").lt(inactiveSince)
                        .and("reporterKey").exists(true)),
                new Update().unset("reporterKey").unset("contact").set("unlinkedAt", now), RelayThread.class)
                .getModifiedCount();
    }

    /** Reporters with an open thread: the unit may still answer them. */
    public Set<String> reportersWithOpenThreads() {
        Query query = Query.query(Criteria.where("status").is(RelayThread.Status.OPEN).and("reporterKey").exists(true));
        query.fields().include("reporterKey");
        Set<String> keys = new HashSet<>();
        for (Document thread : mongo.find(query, Document.class, RelayThread.COLLECTION)) {
            keys.add(thread.getString("reporterKey"));
        }
        return keys;
    }
}
