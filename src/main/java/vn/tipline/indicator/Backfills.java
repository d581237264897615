package vn.tipline.indicator;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Once-per-store jobs (indexing what was stored before this feature), safe on two instances
 * starting at once: the one that inserts the claim in {@code indicator_meta} does the job; a claim
 * older than 15 minutes is from an instance that died mid-way, and another takes it over.
 */
@Component
class Backfills {

    static final String META = "indicator_meta";
    private static final Duration CLAIM = Duration.ofMinutes(15);

    private final MongoTemplate mongo;
    private final Clock clock;

    Backfills(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    boolean claim(String job) {
        Instant now = clock.instant();
        try {
            mongo.insert(new Document("_id", job).append("state", "running").append("claimedAt", Date.from(now)), META);
            return true;
        } catch (DuplicateKeyException taken) {
            Document stale = mongo.findAndModify(Query.query(Criteria.where("_id").is(job).and("state").is("running")
                            .and("claimedAt").lt(Date.from(now.minus(CLAIM)))),
                    new Update().set("claimedAt", Date.from(now)), FindAndModifyOptions.options().returnNew(true),
                    Document.class, META);
            return stale != null;
        }
    }

    void done(String job, String what, long count) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(job)),
                new Update().set("state", "done").set("doneAt", Date.from(clock.instant())).set(what, count), META);
    }
}
