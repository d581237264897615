package vn.tipline.tip.evidence;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Removes what identifies the sender from a piece of evidence: the one entry point every channel's
 * file goes through. The bytes choose the format (a declared type only has to agree with them), and
 * each format has its own cleaner: photos are re-encoded, PDFs rewritten by PDFBox, MP4/MOV/3GP/M4A
 * lose their metadata boxes, OGG its comments, MP3 its tags.
 */
public final class Sanitizer {

    private Sanitizer() {
    }

    public static Cleaned clean(byte[] data, String declaredType) throws Refused {
        if (data == null || data.length == 0) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "empty");
        }
        Optional<Format> detected = Format.detect(data);
        if (detected.isEmpty()) {
            boolean declaredOurs = Arrays.stream(Format.values()).anyMatch(f -> f != Format.IMAGE && f.agreesWith(declaredType))
                    && !Format.IMAGE.agreesWith(declaredType);
            if (declaredOurs) {
                throw new Refused(Refused.Reason.DISGUISED, "unknown bytes declared as " + declaredType);
            }
            // ImageIO may still read it (a format it knows by other bytes); else it is refused there.
            return Photos.reencode(data);
        }
        Format format = detected.get();
        if (!format.agreesWith(declaredType)) {
            throw new Refused(Refused.Reason.DISGUISED, format + " declared as " + declaredType);
        }
        format = format.asDeclared(declaredType);
        try {
            return switch (format) {
                case IMAGE -> Photos.reencode(data);
                case PDF -> PdfMetadata.clean(data);
                case MP4, MOV, THREE_GP, M4A -> IsoBoxes.clean(data, format);
                case OGG -> OggComments.clean(data);
                case MP3 -> Mp3Tags.clean(data);
            };
        } catch (IOException | RuntimeException e) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "unreadable " + format);
        }
    }
}
