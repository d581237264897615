package vn.tipline.tip;

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

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps evidence photos in GridFS. Every image is decoded and encoded again, which leaves
 * behind EXIF, GPS, camera and editing metadata: nothing but the pixels is stored.
 *
 * <p>A photo is saved marked as a draft's; filing the tip claims it (removes the mark) before the
 * tip is written. Discarding a dropped draft deletes only marked files, so a conversation reset
 * after filing never deletes a tip's evidence, and a crash between claim and tip leaves a file
 * behind rather than a tip without its evidence.
 */
@Component
class GridFsEvidenceStore implements EvidenceStore {

    private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp");
    /** Refuse decompression bombs before decoding: a phone photo is well under this. */
    private static final long MAX_PIXELS = 50_000_000L;

    /** The GridFS bucket's file documents ("evidence", MongoStoreConfiguration). */
    private static final String FILES = "evidence.files";
    private static final String DRAFT = "draft";
    private static final String SAVED_AT = "savedAt";

    private final GridFsTemplate gridFs;
    private final MongoTemplate mongo;
    private final Clock clock;

    GridFsEvidenceStore(GridFsTemplate gridFs, MongoTemplate mongo, Clock clock) {
        this.gridFs = gridFs;
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public String save(Inbound.Media media) throws UnsupportedEvidenceException {
        Clean clean = reencode(media.data());
        Document metadata = new Document("contentType", clean.contentType())
                .append("width", clean.width()).append("height", clean.height()).append(DRAFT, true)
                .append(SAVED_AT, Date.from(clock.instant()));
        return gridFs.store(new ByteArrayInputStream(clean.bytes()), "evidence." + clean.extension(),
                clean.contentType(), metadata).toHexString();
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

    record Clean(byte[] bytes, String contentType, String extension, int width, int height) {
    }

    static Clean reencode(byte[] data) throws UnsupportedEvidenceException {
        if (data == null || data.length == 0) {
            throw new UnsupportedEvidenceException("empty");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnsupportedEvidenceException("not an image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new UnsupportedEvidenceException("format " + format);
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new UnsupportedEvidenceException("image too large");
                }
                BufferedImage image = reader.read(0);
                boolean jpeg = format.equals("jpeg");
                BufferedImage target = jpeg ? withoutAlpha(image) : image;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (!ImageIO.write(target, jpeg ? "jpeg" : "png", out)) {
                    throw new UnsupportedEvidenceException("cannot encode");
                }
                return new Clean(out.toByteArray(), jpeg ? "image/jpeg" : "image/png", jpeg ? "jpg" : "png",
                        image.getWidth(), image.getHeight());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedEvidenceException("unreadable image");
        }
    }

    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        return rgb;
    }
}
