package vn.tipline.tip.evidence;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import vn.tipline.support.EvidenceFiles;
import vn.tipline.support.Images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.tipline.support.EvidenceFiles.AUTHOR;
import static vn.tipline.support.EvidenceFiles.DEVICE;
import static vn.tipline.support.EvidenceFiles.GPS;

class SanitizerTest {

    @Test
    void mp4LosesItsPositionDeviceAndXmpAndItsChunkOffsetStillPointsAtTheSamples() throws Refused {
        byte[] original = EvidenceFiles.mp4(2);
        assertThat(EvidenceFiles.contains(original, GPS)).isTrue();
        assertThat(EvidenceFiles.contains(original, DEVICE)).isTrue();

        Cleaned cleaned = Sanitizer.clean(original, "video/mp4");

        byte[] bytes = cleaned.bytes();
        assertThat(cleaned.cleaned()).isTrue();
        assertThat(cleaned.contentType()).isEqualTo("video/mp4");
        assertThat(cleaned.kind()).isEqualTo(Kind.VIDEO);
        assertThat(EvidenceFiles.contains(bytes, GPS)).isFalse();
        assertThat(EvidenceFiles.contains(bytes, DEVICE)).isFalse();
        assertThat(EvidenceFiles.contains(bytes, "com.apple.quicktime")).isFalse();
        assertThat(EvidenceFiles.contains(bytes, "xmpmeta")).isFalse();
        List<String> types = types(bytes, 0, bytes.length);
        assertThat(types).containsExactly("ftyp", "moov", "mdat");
        IsoBoxes.Box moov = box(bytes, 0, bytes.length, "moov");
        assertThat(types(bytes, moov.body(), moov.end())).containsExactly("mvhd", "trak");
        IsoBoxes.Box trak = box(bytes, moov.body(), moov.end(), "trak");
        IsoBoxes.Box mdia = box(bytes, trak.body(), trak.end(), "mdia");
        assertThat(types(bytes, mdia.body(), mdia.end())).containsExactly("mdhd", "hdlr", "minf");
        IsoBoxes.Box minf = box(bytes, mdia.body(), mdia.end(), "minf");
        IsoBoxes.Box stbl = box(bytes, minf.body(), minf.end(), "stbl");
        IsoBoxes.Box stco = box(bytes, stbl.body(), stbl.end(), "stco");
        int offset = ByteBuffer.wrap(bytes).getInt(stco.body() + 8);
        IsoBoxes.Box mdat = box(bytes, 0, bytes.length, "mdat");
        assertThat(offset).isEqualTo(mdat.body());
        assertThat(Arrays.copyOfRange(bytes, mdat.body(), mdat.end()))
                .isEqualTo(Arrays.copyOfRange(original, original.length - 100, original.length));
    }

    @Test
    void mp4WithMoovAfterMdatKeepsItsOffsets() throws Refused {
        byte[] fastStart = EvidenceFiles.mp4(1);
        IsoBoxes.Box ftyp = box(fastStart, 0, fastStart.length, "ftyp");
        IsoBoxes.Box moov = box(fastStart, 0, fastStart.length, "moov");
        IsoBoxes.Box mdat = box(fastStart, 0, fastStart.length, "mdat");
        // ftyp, mdat, moov: the samples now start right after ftyp; the offset is patched to say so.
        byte[] moovBytes = Arrays.copyOfRange(fastStart, moov.start(), moov.end());
        byte[] reordered = concat(Arrays.copyOfRange(fastStart, 0, ftyp.end()), Arrays.copyOfRange(fastStart, mdat.start(), mdat.end()), moovBytes);
        int stcoAt = indexOf(reordered, "stco") + 4;
        ByteBuffer.wrap(reordered).putInt(stcoAt + 8, ftyp.end() + 8);

        byte[] bytes = Sanitizer.clean(reordered, "video/quicktime").bytes();

        assertThat(EvidenceFiles.contains(bytes, GPS)).isFalse();
        assertThat(ByteBuffer.wrap(bytes).getInt(indexOf(bytes, "stco") + 12)).isEqualTo(ftyp.end() + 8);
    }

    @Test
    void fragmentedMp4IsKeptAsSentAndSaidNotCleaned() throws Refused {
        byte[] mp4 = EvidenceFiles.mp4(1);
        byte[] fragmented = concat(mp4, new byte[]{0, 0, 0, 8, 'm', 'o', 'o', 'f'});

        Cleaned result = Sanitizer.clean(fragmented, "video/mp4");

        assertThat(result.cleaned()).isFalse();
        assertThat(result.bytes()).isEqualTo(fragmented);
    }

    @Test
    void audioDeclaredForAnMp4ContainerIsAnM4a() throws Refused {
        assertThat(Sanitizer.clean(EvidenceFiles.mp4(1), "audio/mp4").contentType()).isEqualTo("audio/mp4");
        assertThat(Sanitizer.clean(EvidenceFiles.mp4(1), "audio/mp4").kind()).isEqualTo(Kind.AUDIO);
    }

    @Test
    void oggOpusGetsEmptyTagsAndEveryPageStillChecksOut() throws Refused {
        byte[] original = EvidenceFiles.oggOpus(3);
        assertThat(EvidenceFiles.contains(original, GPS)).isTrue();

        Cleaned cleaned = Sanitizer.clean(original, "audio/ogg");

        byte[] bytes = cleaned.bytes();
        assertThat(cleaned.cleaned()).isTrue();
        assertThat(cleaned.kind()).isEqualTo(Kind.AUDIO);
        assertThat(EvidenceFiles.contains(bytes, GPS)).isFalse();
        assertThat(EvidenceFiles.contains(bytes, DEVICE)).isFalse();
        List<OggComments.Page> pages = OggComments.pages(bytes);
        List<OggComments.Page> before = OggComments.pages(original);
        assertThat(pages).hasSameSizeAs(before);
        for (int i = 0; i < pages.size(); i++) {
            OggComments.Page page = pages.get(i);
            byte[] raw = Arrays.copyOfRange(bytes, page.start(), page.end());
            assertThat(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(22))
                    .as("page %d checksum", i).isEqualTo(EvidenceFiles.oggCrc(raw));
            assertThat(page.sequence()).isEqualTo(i);
            assertThat(page.granule()).isEqualTo(before.get(i).granule());
        }
        OggComments.Page tags = pages.get(1);
        byte[] packet = Arrays.copyOfRange(bytes, tags.dataStart(), tags.end());
        assertThat(new String(packet, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("OpusTags");
        assertThat(packet).hasSize(16);
        OggComments.Page last = pages.get(pages.size() - 1);
        OggComments.Page lastBefore = before.get(before.size() - 1);
        assertThat(Arrays.copyOfRange(bytes, last.dataStart(), last.end()))
                .isEqualTo(Arrays.copyOfRange(original, lastBefore.dataStart(), lastBefore.end()));
    }

    @Test
    void mp3LosesItsId3Tags() throws Refused {
        byte[] original = EvidenceFiles.mp3();

        Cleaned cleaned = Sanitizer.clean(original, "audio/mpeg");

        assertThat(EvidenceFiles.contains(cleaned.bytes(), DEVICE)).isFalse();
        assertThat(EvidenceFiles.contains(cleaned.bytes(), GPS)).isFalse();
        assertThat(cleaned.bytes()).hasSize(20 * 417);
        assertThat(cleaned.bytes()[0] & 0xFF).isEqualTo(0xFF);
    }

    @Test
    void pdfLosesItsAuthorCreatorProducerAndXmpAndStillOpens() throws Refused, IOException {
        byte[] original = EvidenceFiles.pdf();
        assertThat(EvidenceFiles.contains(original, AUTHOR)).isTrue();

        Cleaned cleaned = Sanitizer.clean(original, "application/pdf");

        byte[] bytes = cleaned.bytes();
        assertThat(cleaned.kind()).isEqualTo(Kind.DOCUMENT);
        assertThat(EvidenceFiles.contains(bytes, AUTHOR)).isFalse();
        assertThat(EvidenceFiles.contains(bytes, DEVICE)).isFalse();
        assertThat(EvidenceFiles.contains(bytes, GPS)).isFalse();
        try (PDDocument document = Loader.loadPDF(bytes)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(document.getDocumentInformation().getAuthor()).isNull();
            assertThat(document.getDocumentInformation().getCreator()).isNull();
            assertThat(document.getDocumentInformation().getProducer()).isNull();
            assertThat(document.getDocumentCatalog().getMetadata()).isNull();
        }
    }

    @Test
    void pdfWithJavaScriptOrAnEmbeddedFileIsRefused() {
        assertThatThrownBy(() -> Sanitizer.clean(EvidenceFiles.pdfWithJavaScript(), "application/pdf"))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.ACTIVE_CONTENT));
        assertThatThrownBy(() -> Sanitizer.clean(EvidenceFiles.pdfWithEmbeddedFile(), null))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.ACTIVE_CONTENT));
    }

    @Test
    void aFileWhoseBytesContradictItsDeclaredTypeIsRefusedAsDisguised() {
        assertThatThrownBy(() -> Sanitizer.clean(EvidenceFiles.pdf(), "video/mp4"))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.DISGUISED));
        assertThatThrownBy(() -> Sanitizer.clean(EvidenceFiles.mp4(1), "image/jpeg"))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.DISGUISED));
        byte[] executable = "MZ\u0090\u0000 this program cannot be run in DOS mode".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Sanitizer.clean(executable, "audio/ogg"))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.DISGUISED));
        assertThatThrownBy(() -> Sanitizer.clean(executable, "application/x-msdownload"))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.UNSUPPORTED));
    }

    @Test
    void aTruncatedMp4IsRefusedNotStored() {
        byte[] mp4 = EvidenceFiles.mp4(1);
        assertThatThrownBy(() -> Sanitizer.clean(Arrays.copyOf(mp4, mp4.length - 30), "video/mp4"))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.UNSUPPORTED));
    }

    @Test
    void photosAreStillReencoded() throws Refused {
        Cleaned cleaned = Sanitizer.clean(Images.jpegWithExif(GPS), null);

        assertThat(cleaned.kind()).isEqualTo(Kind.PHOTO);
        assertThat(EvidenceFiles.contains(cleaned.bytes(), GPS)).isFalse();
    }

    private static List<String> types(byte[] data, int from, int to) throws Refused {
        return IsoBoxes.boxes(data, from, to, from == 0).stream().map(IsoBoxes.Box::type).toList();
    }

    private static IsoBoxes.Box box(byte[] data, int from, int to, String type) throws Refused {
        return IsoBoxes.boxes(data, from, to, from == 0).stream().filter(b -> b.type().equals(type)).findFirst().orElseThrow();
    }

    private static int indexOf(byte[] data, String text) {
        byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + needle.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
