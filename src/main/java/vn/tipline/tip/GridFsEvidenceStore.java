package vn.tipline.tip;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.stereotype.Component;
import vn.tipline.conversation.EvidenceStore;
import vn.tipline.conversation.Inbound;
import vn.tipline.tip.evidence.Cleaned;
import vn.tipline.tip.evidence.Kind;
import vn.tipline.tip.evidence.Refused;
import vn.tipline.tip.evidence.Sanitizer;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps evidence in GridFS, without its metadata ({@link Sanitizer}): photos, voice notes and other
 * audio, videos, PDFs, within the limits of {@link EvidenceProperties}. Each file's document says
 * its type, its kind and whether it was cleaned.
 *
 * <p>A file is saved marked as a draft's; filing the tip claims it (removes the mark) before the
 * tip is written. Discarding a dropped draft deletes only marked files, so a conversation reset
 * after filing never deletes a tip's evidence, and a crash between claim and tip leaves a file
 * behind rather than a tip without its evidence. GridFS writes a file's chunks before its document:
 * chunks a crash left without one are deleted with abandoned drafts.
 */
@Component
class GridFsEvidenceStore implements EvidenceStore {

    /** The GridFS bucket's documents ("evidence", MongoStoreConfiguration). */
    private static final String FILES = "evidence.files";
    private static final String CHUNKS = "evidence.chunks";
    private static final String DRAFT = "draft";
    private static final String SAVED_AT = "savedAt";
    static final String KIND = "kind";
    static final String CLEANED = "cleaned";

    private final GridFsTemplate gridFs;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final EvidenceProperties limits;

    GridFsEvidenceStore(GridFsTemplate gridFs, MongoTemplate mongo, Clock clock, EvidenceProperties limits) {
        this.gridFs = gridFs;
        this.mongo = mongo;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public Saved keep(Inbound.Media media, Collection<String> held) throws UnsupportedEvidenceException {
        List<GridFSFile> before = files(held);
        if (before.size() >= limits.maxItems()) {
            throw refusal("media_too_many", Map.of("max", String.valueOf(limits.maxItems())), "items");
        }
        if (media.data() != null && media.data().length > limits.largestFile().toBytes()) {
            throw refusal("media_too_large", Map.of("limit", EvidenceProperties.said(limits.largestFile())), "file");
        }
        Cleaned clean = clean(media);
        if (media.data().length > limits.maxFile(clean.kind()).toBytes()) {
            throw refusal("media_too_large", Map.of("limit", EvidenceProperties.said(limits.maxFile(clean.kind()))),
                    clean.kind() + " file");
        }
        long total = clean.bytes().length + before.stream().mapToLong(GridFSFile::getLength).sum();
        if (total > limits.maxTip().toBytes()) {
            throw refusal("media_tip_full", Map.of("limit", EvidenceProperties.said(limits.maxTip())), "tip");
        }
        return new Saved(store(clean), clean.cleaned());
    }

    /** Campaign pictures and the like: a picture, re-encoded, or nothing. */
    @Override
    public String save(Inbound.Media media) throws UnsupportedEvidenceException {
        Cleaned clean = clean(media);
        if (clean.kind() != Kind.PHOTO) {
            throw new UnsupportedEvidenceException("not a picture");
        }
        return store(clean);
    }

    @Override
    public String largestFile() {
        return EvidenceProperties.said(limits.largestFile());
    }

    private static Cleaned clean(Inbound.Media media) throws UnsupportedEvidenceException {
        try {
            return Sanitizer.clean(media.data(), media.contentType());
        } catch (Refused refused) {
            String text = switch (refused.reason()) {
                case UNSUPPORTED -> "media_unsupported";
                case DISGUISED -> "media_disguised";
                case ACTIVE_CONTENT -> "media_active_content";
            };
            throw refusal(text, Map.of(), refused.getMessage());
        }
    }

    private String store(Cleaned clean) {
        Document metadata = new Document("contentType", clean.contentType()).append(KIND, clean.kind().name())
                .append(CLEANED, clean.cleaned()).append(DRAFT, true).append(SAVED_AT, Date.from(clock.instant()));
        if (clean.width() != null) {
            metadata.append("width", clean.width()).append("height", clean.height());
        }
        return gridFs.store(new ByteArrayInputStream(clean.bytes()), "evidence." + clean.format().extension(),
                clean.contentType(), metadata).toHexString();
    }

    private static UnsupportedEvidenceException refusal(String text, Map<String, String> values, String reason) {
        return new UnsupportedEvidenceException(text, values, reason);
    }

    private List<GridFSFile> files(Collection<String> ids) {
        List<ObjectId> files = objectIds(ids);
        List<GridFSFile> found = new ArrayList<>();
        if (!files.isEmpty()) {
            gridFs.find(Query.query(Criteria.where("_id").in(files))).into(found);
        }
        return found;
    }

    @Override
    public void discard(Collection<String> ids) {
        List<ObjectId> files = objectIds(ids);
        if (!files.isEmpty()) {
            gridFs.delete(Query.query(Criteria.where("_id").in(files).and("metadata." + DRAFT).is(true)));
        }
    }

    @Override
    public void discardAbandoned(Instant savedBefore) {
        gridFs.delete(Query.query(Criteria.where("metadata." + DRAFT).is(true)
                .and("metadata." + SAVED_AT).lt(Date.from(savedBefore))));
        discardOrphanChunks(savedBefore);
    }

    /**
     * Chunks of a file whose document was never written (the process died during the upload). A
     * file's id is made when its upload starts, so its time says how old the chunks are.
     */
    private void discardOrphanChunks(Instant startedBefore) {
        Query firstChunks = Query.query(Criteria.where("n").is(0).and("files_id").lt(new ObjectId(String.format("%08x%016x", startedBefore.getEpochSecond(), 0))));
        firstChunks.fields().include("files_id");
        Set<Object> ids = new HashSet<>();
        mongo.find(firstChunks, Document.class, CHUNKS).forEach(chunk -> ids.add(chunk.get("files_id")));
        if (ids.isEmpty()) {
            return;
        }
        Query existing = Query.query(Criteria.where("_id").in(ids));
        existing.fields().include("_id");
        mongo.find(existing, Document.class, FILES).forEach(file -> ids.remove(file.get("_id")));
        if (!ids.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("files_id").in(ids)), CHUNKS);
        }
    }

    /** The files become a filed tip's evidence: no draft's discard deletes them any more. */
    void claim(Collection<String> ids) {
        List<ObjectId> files = objectIds(ids);
        if (!files.isEmpty()) {
            mongo.updateMulti(Query.query(Criteria.where("_id").in(files)), new Update().unset("metadata." + DRAFT), FILES);
        }
    }

    private static List<ObjectId> objectIds(Collection<String> ids) {
        return ids == null ? List.of() : ids.stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
    }
}
