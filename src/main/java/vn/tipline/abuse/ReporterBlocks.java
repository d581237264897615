package vn.tipline.abuse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reporters blocked by an officer, by pseudonymous key only: blocking never reveals who it is.
 * Checked on every message, so the set is cached and refreshed from the store every few seconds.
 */
@Component
public class ReporterBlocks {

    private static final Logger log = LoggerFactory.getLogger(ReporterBlocks.class);
    static final String COLLECTION = "reporter_blocks";

    private final MongoTemplate mongo;
    private final Clock clock;
    private volatile Set<String> cached = Set.of();
    private volatile long loadedAt;

    ReporterBlocks(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Document(COLLECTION)
    record Block(@Id String reporterKey, String blockedBy, String reason, String tipCode, Instant at) {
    }

    /** Blocks the reporter of a tip; idempotent. */
    public void block(String reporterKey, String blockedBy, String reason, String tipCode) {
        mongo.save(new Block(reporterKey, blockedBy, reason, tipCode, clock.instant()));
        loadedAt = 0;
        log.info("Reporter of tip {} blocked by {}", tipCode, blockedBy);
    }

    public void unblock(String reporterKey, String by) {
        mongo.remove(Query.query(Criteria.where("_id").is(reporterKey)), Block.class);
        loadedAt = 0;
        log.info("A reporter was unblocked by {}", by);
    }

    public boolean isBlocked(String reporterKey) {
        long now = clock.millis();
        if (now - loadedAt > 5_000) {
            Set<String> fresh = ConcurrentHashMap.newKeySet();
            mongo.findAll(Block.class).forEach(b -> fresh.add(b.reporterKey()));
            cached = fresh;
            loadedAt = now;
        }
        return cached.contains(reporterKey);
    }
}
