package vn.tipline.tip;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.stereotype.Service;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Evidence files of a tip, read from GridFS (bucket "evidence"); only ids listed on the tip are served. */
@Service
class Attachments {

    /** What the evidence store writes; anything else is served as bytes to download, never inline. */
    private static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "audio/ogg", "audio/mp4", "audio/mpeg",
            "video/mp4", "video/quicktime", "video/3gpp", "application/pdf");

    private final GridFsTemplate gridFs;
    private final AuditLog audit;

    Attachments(GridFsTemplate gridFs, AuditLog audit) {
        this.gridFs = gridFs;
        this.audit = audit;
    }

    record Evidence(GridFsResource resource, String contentType, long length, String extension) {
    }

    /** What the tip page needs to show a file: its kind (PHOTO, AUDIO, VIDEO, DOCUMENT) and whether it was cleaned. */
    record Described(String kind, String contentType, boolean cleaned) {
    }

    /**
     * Opens one of the tip's files. {@code audited}: this request is a view (a player's later range
     * requests for the same file are not counted again).
     */
    Optional<Evidence> open(Officer officer, Tip tip, String attachmentId, boolean audited) {
        if (tip.getAttachments() == null || !tip.getAttachments().contains(attachmentId) || !ObjectId.isValid(attachmentId)) {
            return Optional.empty();
        }
        GridFSFile file = gridFs.findOne(Query.query(Criteria.where("_id").is(new ObjectId(attachmentId))));
        if (file == null) {
            return Optional.empty();
        }
        String type = contentType(file.getMetadata());
        if (audited) {
            audit.record(officer.username(), AuditLog.Action.ATTACHMENT_VIEW, tip.getCode(), attachmentId);
        }
        String name = file.getFilename();
        String extension = name != null && name.startsWith("evidence.") ? name.substring("evidence.".length()) : "bin";
        return Optional.of(new Evidence(gridFs.getResource(file),
                type != null && TYPES.contains(type) ? type : "application/octet-stream", file.getLength(), extension));
    }

    /** The tip's files as the page shows them; a file stored before kinds were kept is a photo. */
    Map<String, Described> describe(Tip tip) {
        Map<String, Described> described = new HashMap<>();
        List<ObjectId> ids = tip.getAttachments() == null ? List.of()
                : tip.getAttachments().stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
        if (ids.isEmpty()) {
            return described;
        }
        for (GridFSFile file : gridFs.find(Query.query(Criteria.where("_id").in(ids)))) {
            Document metadata = file.getMetadata() == null ? new Document() : file.getMetadata();
            described.put(file.getObjectId().toHexString(), new Described(metadata.getString(GridFsEvidenceStore.KIND) == null
                    ? "PHOTO" : metadata.getString(GridFsEvidenceStore.KIND), contentType(metadata),
                    metadata.getBoolean(GridFsEvidenceStore.CLEANED, true)));
        }
        return described;
    }

    private static String contentType(Document metadata) {
        if (metadata == null) {
            return null;
        }
        String type = metadata.getString("_contentType");
        return type != null ? type : metadata.getString("contentType");
    }
}
