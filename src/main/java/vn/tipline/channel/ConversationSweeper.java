package vn.tipline.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.tipline.conversation.ConversationProperties;
import vn.tipline.conversation.ConversationState;

import java.time.Clock;
import java.time.Instant;

/**
 * Expires idle conversations: drafts are deleted (they may hold an unsent tip) and the citizen is
 * told on their next message; long-idle conversations are deleted. The embedded store has no
 * TTL indexes, so this is a scheduled job that works on both stores.
 */
@Component
class ConversationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ConversationSweeper.class);

    private final MongoTemplate mongo;
    private final ConversationProperties properties;
    private final Clock clock;

    ConversationSweeper(MongoTemplate mongo, ConversationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tipline.conversation.sweep-interval:PT1M}", initialDelayString = "PT10S")
    void sweep() {
        Instant now = clock.instant();
        long expired = mongo.updateMulti(
                Query.query(Criteria.where("flow").ne(null).and("lastActivity").lt(now.minus(properties.idleTimeout()))),
                new Update().set("expired", true).unset("flow").unset("node").unset("runId")
                        .set("variables", new java.util.LinkedHashMap<>()),
                ConversationState.class, ConversationService.COLLECTION).getModifiedCount();
        long forgotten = mongo.remove(
                Query.query(Criteria.where("lastActivity").lt(now.minus(properties.forgetAfter()))),
                ConversationService.COLLECTION).getDeletedCount();
        if (expired + forgotten > 0) {
            log.info("Conversations: {} expired after {} idle, {} deleted after {}", expired,
                    properties.idleTimeout(), forgotten, properties.forgetAfter());
        }
    }
}
