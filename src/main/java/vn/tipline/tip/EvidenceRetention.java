package vn.tipline.tip;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention policy's part in the tip feature: evidence photos of tips finished long ago are
 * deleted from GridFS; the tip keeps its text, the ids of the photos it had (listed as purged) and
 * a timeline entry saying so. A tip marked valuable keeps its evidence.
 *
 * <p>The tip is changed first, by an update that matches only while it is still eligible (an
 * officer reopening it or marking it valuable at that moment wins), and marked {@code purgePending};
 * then the files are deleted and the mark removed. A crash in between leaves the mark, and the next
 * run deletes those files: never a tip pointing at missing files, never evidence deleted from a tip
 * that was reopened.
 */
@Service
public class EvidenceRetention {

    /** The actor named in timeline entries and the audit log. */
    public static final String ACTOR = "system/retention";
    private static final String DETAIL = "attachments";
    private static final Set<TipStatus> OPEN = Set.of(TipStatus.NEW, TipStatus.IN_REVIEW);

    private final MongoTemplate mongo;
    private final GridFsTemplate gridFs;
    private final Clock clock;

    EvidenceRetention(MongoTemplate mongo, GridFsTemplate gridFs, Clock clock) {
        this.mongo = mongo;
        this.gridFs = gridFs;
        this.clock = clock;
    }

    /** What one pass purged. */
    public record Purged(int tips, int files) {
    }

    /**
     * Purges the evidence of tips in one of {@code statuses}, not valuable, unchanged since
     * {@code unchangedBefore} (the last status change is at or before the last change of any kind).
     */
    public Purged purgeAttachments(Instant unchangedBefore, Collection<TipStatus> statuses) {
        int files = finishPending();
        int tips = 0;
        Query eligible = Query.query(Criteria.where("status").in(statuses).and("valuable").ne(true)
                .and("updatedAt").lt(unchangedBefore).and("attachments.0").exists(true));
        eligible.fields().include("_id", "attachments", "version");
        // Written only if the tip has not changed since it was read (an officer's edit bumps the version).
        for (Document tip : mongo.find(eligible, Document.class, "tips")) {
            List<String> attachments = tip.getList("attachments", String.class);
            Instant now = clock.instant();
            TimelineEntry entry = new TimelineEntry(TimelineEntry.newId(), TimelineEntry.Kind.PURGED, now, ACTOR, null,
                    String.valueOf(attachments.size()), null, List.of(), DETAIL);
            UpdateResult changed = mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.get("_id"))
                            .and("version").is(tip.get("version"))),
                    new Update().set("attachments", List.of()).push("purgedAttachments").each(attachments.toArray())
                            .set("attachmentsPurgedAt", now).set("purgePending", true).push("timeline", entry)
                            .set("updatedAt", now).inc("version", 1), "tips");
            if (changed.getModifiedCount() == 1) {
                tips++;
                files += deleteFiles(attachments);
                mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.get("_id"))), new Update().unset("purgePending"),
                        "tips");
            }
        }
        return new Purged(tips, files);
    }

    /** Reporters who may still need to be reached about a tip: one that is open, or changed since {@code since}. */
    public Set<String> reportersToKeep(Instant since) {
        Query query = Query.query(new Criteria().orOperator(Criteria.where("status").in(OPEN),
                Criteria.where("updatedAt").gte(since)));
        query.fields().include("reporterKey");
        Set<String> keys = new HashSet<>();
        for (Document tip : mongo.find(query, Document.class, "tips")) {
            String key = tip.getString("reporterKey");
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Files of tips whose purge was interrupted after the tip was changed. */
    private int finishPending() {
        int files = 0;
        Query pending = Query.query(Criteria.where("purgePending").is(true));
        pending.fields().include("_id", "purgedAttachments");
        for (Document tip : mongo.find(pending, Document.class, "tips")) {
            List<String> purged = tip.getList("purgedAttachments", String.class);
            files += deleteFiles(purged == null ? List.of() : purged);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.get("_id"))), new Update().unset("purgePending"),
                    "tips");
        }
        return files;
    }

    private int deleteFiles(List<String> ids) {
        int deleted = 0;
        for (String id : ids) {
            if (!ObjectId.isValid(id)) {
                continue;
            }
            Query file = Query.query(Criteria.where("_id").is(new ObjectId(id)));
            if (gridFs.findOne(file) != null) {
                gridFs.delete(file);
                deleted++;
            }
        }
        return deleted;
    }
}
