package vn.tipline.channel;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.tipline.conversation.ConversationProperties;
import vn.tipline.conversation.ConversationState;
import vn.tipline.conversation.FlowEngine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Expires idle conversations: drafts are deleted (they may hold an unsent tip), their photos
 * with them, and the citizen is told on their next message; long-idle conversations are deleted.
 * The embedded store has no TTL indexes, so this is a scheduled job that works on both stores.
 */
@Component
class ConversationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ConversationSweeper.class);

    private final MongoTemplate mongo;
    private final ConversationProperties properties;
    private final Clock clock;
    private final FlowEngine engine;
    private final ConversationService conversations;

    ConversationSweeper(MongoTemplate mongo, ConversationProperties properties, Clock clock, FlowEngine engine,
                        ConversationService conversations) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.engine = engine;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tipline.conversation.sweep-interval:PT1M}", initialDelayString = "PT10S")
    void sweep() {
        try {
            sweepNow();
        } catch (DataAccessException | MongoException storeFailed) {
            // An outage (GridFS's calls are not translated to Spring's exceptions): the next sweep does what this one could not.
            log.warn("Conversations: sweep failed ({}); retried at the next one", storeFailed.getClass().getSimpleName());
        }
    }

    private void sweepNow() {
        Instant now = clock.instant();
        long expired = expireDrafts(now.minus(properties.idleTimeout()));
        Instant forgetBefore = now.minus(properties.forgetAfter());
        // A draft still open here (forget-after set shorter than the idle timeout) has its photos too.
        forEachDraft(forgetBefore, engine::discardDraft);
        conversations.forgetStored(forgetBefore);
        long forgotten = mongo.remove(Query.query(Criteria.where("lastActivity").lt(forgetBefore)),
                ConversationService.COLLECTION).getDeletedCount();
        // A draft lasts only while its citizen keeps answering (the idle timeout): a draft photo this old
        // is one whose conversation state was never stored (an outage, a crash), part of no draft.
        engine.discardAbandonedEvidence(forgetBefore);
        if (expired + forgotten > 0) {
            log.info("Conversations: {} expired after {} idle, {} deleted after {}", expired,
                    properties.idleTimeout(), forgotten, properties.forgetAfter());
        }
    }

    /**
     * One conversation at a time, each changed only if still idle: its photos are deleted only
     * when its draft is. The web chat's transcript goes with the draft: it repeats the draft's words. A message arriving meanwhile finds the conversation idle too and drops the
     * same draft (deleting already deleted photos is harmless).
     */
    private long expireDrafts(Instant idleBefore) {
        long[] expired = {0};
        forEachDraft(idleBefore, state -> {
            long changed = conversations.changeStored(state.getId(), () -> mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(state.getId()).and("flow").ne(null)
                            .and("lastActivity").lt(idleBefore)),
                    new Update().set("expired", true).unset("flow").unset("node").unset("runId")
                            .unset(Transcript.FIELD)
                            .set("variables", new LinkedHashMap<>()),
                    ConversationService.COLLECTION).getModifiedCount());
            if (changed == 1) {
                expired[0]++;
                engine.discardDraft(state);
            }
        });
        return expired[0];
    }

    private void forEachDraft(Instant lastActiveBefore, Consumer<ConversationState> action) {
        List<RawBsonDocument> drafts = mongo.execute(ConversationService.COLLECTION, c -> c
                .withDocumentClass(RawBsonDocument.class)
                .find(Filters.and(Filters.ne("flow", null), Filters.lt("lastActivity", lastActiveBefore)))
                .into(new ArrayList<>()));
        for (RawBsonDocument stored : drafts) {
            action.accept(conversations.read(stored));
        }
    }
}
