package vn.tipline.tip;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import vn.tipline.tip.evidence.Kind;

/**
 * What citizens may send as evidence. A file's limit depends on its kind; a tip's evidence together
 * stays under {@code maxTip}, in at most {@code maxItems} files.
 *
 * @param maxPhoto    the largest photo, before it is re-encoded
 * @param maxAudio    the largest voice note or audio file
 * @param maxVideo    the largest video (Telegram's bots can fetch at most 20 MB)
 * @param maxDocument the largest PDF
 * @param maxTip      all the evidence of one tip
 * @param maxItems    the number of files of one tip
 */
@ConfigurationProperties(prefix = "tipline.evidence")
record EvidenceProperties(DataSize maxPhoto, DataSize maxAudio, DataSize maxVideo, DataSize maxDocument,
                          DataSize maxTip, int maxItems) {

    private static final DataSize FILE = DataSize.ofMegabytes(20);

    EvidenceProperties {
        maxPhoto = positive(maxPhoto, FILE);
        maxAudio = positive(maxAudio, FILE);
        maxVideo = positive(maxVideo, FILE);
        maxDocument = positive(maxDocument, FILE);
        maxTip = positive(maxTip, DataSize.ofMegabytes(50));
        maxItems = maxItems <= 0 ? 5 : maxItems;
    }

    DataSize maxFile(Kind kind) {
        return switch (kind) {
            case PHOTO -> maxPhoto;
            case AUDIO -> maxAudio;
            case VIDEO -> maxVideo;
            case DOCUMENT -> maxDocument;
        };
    }

    /** The largest file of any kind: what a channel may download at all. */
    DataSize largestFile() {
        long bytes = Math.max(Math.max(maxPhoto.toBytes(), maxAudio.toBytes()), Math.max(maxVideo.toBytes(), maxDocument.toBytes()));
        return DataSize.ofBytes(bytes);
    }

    /** "20 MB", "512 KB": a size as citizens read it. */
    static String said(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + " MB";
        }
        return bytes >= 1024 ? (bytes + 1023) / 1024 + " KB" : bytes + " B";
    }

    private static DataSize positive(DataSize given, DataSize otherwise) {
        return given == null || given.toBytes() <= 0 ? otherwise : given;
    }
}
