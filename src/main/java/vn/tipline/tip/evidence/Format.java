package vn.tipline.tip.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The formats taken as evidence, told apart by their first bytes. A type the sender declared is only
 * checked against them: the bytes decide which cleaner runs, so a PDF named "video.mp4" is a PDF.
 */
public enum Format {
    IMAGE(Kind.PHOTO, "image/jpeg", "jpg", Set.of()),
    MP4(Kind.VIDEO, "video/mp4", "mp4", Families.ISO),
    MOV(Kind.VIDEO, "video/quicktime", "mov", Families.ISO),
    THREE_GP(Kind.VIDEO, "video/3gpp", "3gp", Families.ISO),
    M4A(Kind.AUDIO, "audio/mp4", "m4a", Families.ISO),
    OGG(Kind.AUDIO, "audio/ogg", "ogg", Set.of("audio/ogg", "audio/opus", "application/ogg", "audio/x-opus+ogg",
            "audio/vorbis", "audio/x-vorbis+ogg")),
    MP3(Kind.AUDIO, "audio/mpeg", "mp3", Set.of("audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3", "audio/x-mp3")),
    PDF(Kind.DOCUMENT, "application/pdf", "pdf", Set.of("application/pdf", "application/x-pdf"));

    /** Declared types that say nothing about the content (a browser or platform that did not know). */
    private static final Set<String> UNKNOWN = Set.of("", "application/octet-stream", "binary/octet-stream",
            "application/unknown");

    private final Kind kind;
    private final String contentType;
    private final String extension;
    private final Set<String> declarable;

    Format(Kind kind, String contentType, String extension, Set<String> declarable) {
        this.kind = kind;
        this.contentType = contentType;
        this.extension = extension;
        this.declarable = declarable;
    }

    public Kind kind() {
        return kind;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The format the bytes begin with; images are left to ImageIO, which knows more of them. */
    static Optional<Format> detect(byte[] data) {
        if (data.length >= 5 && startsWith(data, 0, "%PDF-")) {
            return Optional.of(PDF);
        }
        if (startsWith(data, 0, "OggS")) {
            return Optional.of(OGG);
        }
        if (startsWith(data, 0, "ID3") || isMp3Frame(data, 0)) {
            return Optional.of(MP3);
        }
        if (data.length >= 12 && startsWith(data, 4, "ftyp")) {
            String brand = new String(data, 8, 4, StandardCharsets.ISO_8859_1);
            if (brand.equals("qt  ")) {
                return Optional.of(MOV);
            }
            if (brand.startsWith("3g")) {
                return Optional.of(THREE_GP);
            }
            if (brand.startsWith("M4A") || brand.startsWith("M4B")) {
                return Optional.of(M4A);
            }
            return Optional.of(MP4);
        }
        return Optional.of(IMAGE).filter(image -> startsWith(data, 0, "\u00ff\u00d8") || startsWith(data, 0, "\u0089PNG")
                || startsWith(data, 0, "GIF8") || startsWith(data, 0, "BM"));
    }

    /**
     * False when the sender declared a specific type that these bytes are not: a file dressed up as
     * another. An audio type declared for an MP4 container is an M4A, not a disguise.
     */
    boolean agreesWith(String declared) {
        String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (UNKNOWN.contains(type)) {
            return true;
        }
        if (this == IMAGE) {
            return type.startsWith("image/");
        }
        return declarable.contains(type);
    }

    /** The ISO media formats as declared: audio declared, audio it is. */
    Format asDeclared(String declared) {
        boolean audio = declared != null && declared.toLowerCase(Locale.ROOT).startsWith("audio/");
        return declarable == Families.ISO && audio ? M4A : this;
    }

    /** An MPEG audio frame header, layer III (ADTS AAC shares the sync bits but has layer 0). */
    static boolean isMp3Frame(byte[] data, int at) {
        return data.length >= at + 4 && (data[at] & 0xFF) == 0xFF && (data[at + 1] & 0xE0) == 0xE0
                && (data[at + 1] & 0x06) == 0x02 && (data[at + 2] & 0xF0) != 0xF0;
    }

    private static boolean startsWith(byte[] data, int at, String magic) {
        byte[] expected = magic.getBytes(StandardCharsets.ISO_8859_1);
        return data.length >= at + expected.length
                && Arrays.equals(data, at, at + expected.length, expected, 0, expected.length);
    }

    private static final class Families {
        static final Set<String> ISO = Set.of("video/mp4", "video/quicktime", "video/3gpp", "video/3gpp2", "audio/mp4",
                "audio/x-m4a", "audio/m4a", "audio/3gpp", "audio/aac", "video/x-m4v");
    }
}
