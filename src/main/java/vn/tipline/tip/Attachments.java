package vn.tipline.tip;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsResource;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.stereotype.Service;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;

import java.util.Optional;
import java.util.Set;

/** Evidence photos of a tip, read from GridFS (bucket "evidence"); only ids listed on the tip are served. */
@Service
class Attachments {

    /** What the evidence store writes after re-encoding; anything else is not served inline. */
    private static final Set<String> TYPES = Set.of("image/jpeg", "image/png");

    private final GridFsTemplate gridFs;
    private final AuditLog audit;

    Attachments(GridFsTemplate gridFs, AuditLog audit) {
        this.gridFs = gridFs;
        this.audit = audit;
    }

    record Evidence(GridFsResource resource, String contentType, long length) {
    }

    Optional<Evidence> open(Officer officer, Tip tip, String attachmentId) {
        if (tip.getAttachments() == null || !tip.getAttachments().contains(attachmentId) || !ObjectId.isValid(attachmentId)) {
            return Optional.empty();
        }
        GridFSFile file = gridFs.findOne(Query.query(Criteria.where("_id").is(new ObjectId(attachmentId))));
        if (file == null) {
            return Optional.empty();
        }
        String type = file.getMetadata() == null ? null : file.getMetadata().getString("_contentType");
        if (type == null && file.getMetadata() != null) {
            type = file.getMetadata().getString("contentType");
        }
        audit.record(officer.username(), AuditLog.Action.ATTACHMENT_VIEW, tip.getCode(), attachmentId);
        return Optional.of(new Evidence(gridFs.getResource(file),
                type != null && TYPES.contains(type) ? type : "application/octet-stream", file.getLength()));
    }
}
