package vn.tipline.support;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Evidence files as phones and apps write them, each carrying identifying metadata with
 * {@link #GPS} and {@link #DEVICE} among its values, and small enough to build in a test:
 * an MP4 whose one track is real Opus audio (Chromium plays it), an OGG Opus voice note, an MP3, PDFs.
 */
public final class EvidenceFiles {

    /** The position written into every file's metadata (Hoàn Kiếm lake). */
    public static final String GPS = "+21.0285+105.8522/";
    /** The device written into every file's metadata. */
    public static final String DEVICE = "SerialPhone-X9-4711";
    /** The author written into PDFs. */
    public static final String AUTHOR = "Nguyen Van Mat Danh";
    /** The XMP UUID of ISO media files. */
    private static final byte[] XMP_UUID = {(byte) 0xBE, 0x7A, (byte) 0xCF, (byte) 0xCB, (byte) 0x97, (byte) 0xA9, 0x42,
            (byte) 0xE8, (byte) 0x9C, 0x71, (byte) 0x99, (byte) 0x94, (byte) 0x91, (byte) 0xE3, (byte) 0xAF, (byte) 0xAC};
    /** An Opus packet of one TOC byte: 20 ms (CELT, full band) of nothing, which decoders conceal as silence. */
    private static final byte OPUS_SILENCE = (byte) 0xF8;
    private static final int OPUS_FRAME = 960;

    private EvidenceFiles() {
    }

    // ---------------------------------------------------------------- MP4

    /**
     * An MP4 (moov before mdat, as phones write it for streaming) with {@code seconds} of Opus audio,
     * ©xyz/©mak/©mod in moov's and the track's udta, Apple's keyed location in a meta box, and an
     * XMP uuid box at the top level.
     */
    public static byte[] mp4(int seconds) {
        int packets = seconds * 50;
        byte[] ftyp = box("ftyp", bytes("isom"), u32(512), bytes("isom"), bytes("iso2"), bytes("mp41"));
        byte[] xmp = box("uuid", XMP_UUID, bytes("<x:xmpmeta><exif:GPSLatitude>" + GPS + "</exif:GPSLatitude>"
                + "<tiff:Model>" + DEVICE + "</tiff:Model></x:xmpmeta>"));
        byte[] moov = moov(packets, 0);
        int mdatPayload = ftyp.length + xmp.length + moov.length + 8;
        moov = moov(packets, mdatPayload);
        byte[] media = new byte[packets];
        Arrays.fill(media, OPUS_SILENCE);
        return concat(ftyp, xmp, moov, box("mdat", media));
    }

    private static byte[] moov(int packets, int chunkOffset) {
        long samples = (long) packets * OPUS_FRAME;
        int millis = (int) (samples / 48);
        byte[] mvhd = fullBox("mvhd", 0, 0, u32(0), u32(0), u32(1000), u32(millis), u32(0x00010000), u16(0x0100),
                new byte[10], matrix(), new byte[24], u32(2));
        byte[] tkhd = fullBox("tkhd", 0, 7, u32(0), u32(0), u32(1), u32(0), u32(millis), new byte[8], u16(0), u16(0),
                u16(0x0100), u16(0), matrix(), u32(0), u32(0));
        byte[] mdhd = fullBox("mdhd", 0, 0, u32(0), u32(0), u32(48000), u32((int) samples), u16(0x55C4), u16(0));
        byte[] hdlr = fullBox("hdlr", 0, 0, u32(0), bytes("soun"), new byte[12], bytes("SoundHandler\0"));
        byte[] dops = box("dOps", new byte[]{0, 1}, u16(312), u32(48000), u16(0), new byte[]{0});
        byte[] opus = box("Opus", new byte[6], u16(1), new byte[8], u16(1), u16(16), u16(0), u16(0), u32(48000 << 16), dops);
        byte[] stbl = box("stbl", fullBox("stsd", 0, 0, u32(1), opus),
                fullBox("stts", 0, 0, u32(1), u32(packets), u32(OPUS_FRAME)),
                fullBox("stsc", 0, 0, u32(1), u32(1), u32(packets), u32(1)),
                fullBox("stsz", 0, 0, u32(1), u32(packets)),
                fullBox("stco", 0, 0, u32(1), u32(chunkOffset)));
        byte[] dinf = box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1)));
        byte[] minf = box("minf", fullBox("smhd", 0, 0, u16(0), u16(0)), dinf, stbl);
        byte[] trak = box("trak", tkhd, box("mdia", mdhd, hdlr, minf, udta("track")));
        return box("moov", mvhd, trak, udta("movie"), appleMeta());
    }

    /** QuickTime user data: position, make, model, software. */
    private static byte[] udta(String where) {
        return box("udta", quickTimeText("©xyz", GPS), quickTimeText("©mak", "Apple " + where),
                quickTimeText("©mod", DEVICE), quickTimeText("©swr", "Camera 17.1"));
    }

    private static byte[] quickTimeText(String type, String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        return box(type, u16(value.length), u16(0x15C7), value);
    }

    /** iOS's keyed metadata: mdta handler, keys, values. */
    private static byte[] appleMeta() {
        byte[] key = bytes("com.apple.quicktime.location.ISO6709");
        byte[] keys = fullBox("keys", 0, 0, u32(1), u32(key.length + 8), bytes("mdta"), key);
        byte[] value = box("data", u32(1), u32(0), bytes(GPS));
        byte[] ilst = box("ilst", concat(u32(8 + value.length + 8), u32(1), value));
        return fullBox("meta", 0, 0, fullBox("hdlr", 0, 0, u32(0), bytes("mdta"), new byte[12], new byte[1]), keys, ilst);
    }

    private static byte[] matrix() {
        return concat(u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000));
    }

    // ---------------------------------------------------------------- OGG

    /** An OGG Opus voice note of {@code seconds}, whose OpusTags name the device and the place. */
    public static byte[] oggOpus(int seconds) {
        int serial = 0x1D2C3B4A;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN).put(bytes("OpusHead")).put((byte) 1)
                .put((byte) 1).putShort((short) 312).putInt(48000).putShort((short) 0).put((byte) 0).array();
        out.writeBytes(page(0x02, 0, serial, 0, new byte[][]{head}));
        byte[] vendor = bytes("libopus 1.3 " + DEVICE);
        byte[][] comments = {bytes("LOCATION=" + GPS), bytes("ENCODER=" + DEVICE)};
        ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4 + 8 + comments[0].length + comments[1].length)
                .order(ByteOrder.LITTLE_ENDIAN).put(bytes("OpusTags")).putInt(vendor.length).put(vendor).putInt(2);
        for (byte[] comment : comments) {
            tags.putInt(comment.length).put(comment);
        }
        out.writeBytes(page(0, 0, serial, 1, new byte[][]{tags.array()}));
        int packets = seconds * 50;
        int sequence = 2;
        for (int done = 0; done < packets; ) {
            int here = Math.min(50, packets - done);
            byte[][] audio = new byte[here][];
            for (int i = 0; i < here; i++) {
                audio[i] = new byte[]{OPUS_SILENCE};
            }
            done += here;
            out.writeBytes(page(done == packets ? 0x04 : 0, 312L + (long) done * OPUS_FRAME, serial, sequence++, audio));
        }
        return out.toByteArray();
    }

    /** One OGG page holding whole packets (each under 255 bytes' laces as needed). */
    public static byte[] page(int flags, long granule, int serial, int sequence, byte[][] packets) {
        ByteArrayOutputStream lacing = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            int left = packet.length;
            while (left >= 255) {
                lacing.write(255);
                left -= 255;
            }
            lacing.write(left);
            body.writeBytes(packet);
        }
        ByteBuffer page = ByteBuffer.allocate(27 + lacing.size() + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        page.put(bytes("OggS")).put((byte) 0).put((byte) flags).putLong(granule).putInt(serial).putInt(sequence)
                .putInt(0).put((byte) lacing.size()).put(lacing.toByteArray()).put(body.toByteArray());
        byte[] bytes = page.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, oggCrc(bytes));
        return bytes;
    }

    /** The OGG page checksum (RFC 3533): CRC-32/MPEG-2 without its final inversion and start value, by table. */
    public static int oggCrc(byte[] page) {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = r < 0 ? r << 1 ^ 0x04C11DB7 : r << 1;
            }
            table[i] = r;
        }
        byte[] copy = page.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(22, 0);
        int crc = 0;
        for (byte b : copy) {
            crc = crc << 8 ^ table[(crc >>> 24 ^ b & 0xFF) & 0xFF];
        }
        return crc;
    }

    // ---------------------------------------------------------------- MP3

    /** An MP3 with an ID3v2 tag (title, GPS comment, device) before the frames and an ID3v1 tag after. */
    public static byte[] mp3() {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 417 bytes a frame.
            frames.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64});
            frames.writeBytes(new byte[413]);
        }
        byte[] frame1 = id3Frame("TIT2", "Ghi am " + DEVICE);
        byte[] frame2 = id3Frame("COMM", "GPS " + GPS);
        int size = frame1.length + frame2.length;
        byte[] header = {'I', 'D', '3', 3, 0, 0, (byte) (size >> 21 & 0x7F), (byte) (size >> 14 & 0x7F),
                (byte) (size >> 7 & 0x7F), (byte) (size & 0x7F)};
        byte[] id3v1 = new byte[128];
        System.arraycopy(bytes("TAG" + DEVICE), 0, id3v1, 0, 3 + DEVICE.length());
        return concat(header, frame1, frame2, frames.toByteArray(), id3v1);
    }

    private static byte[] id3Frame(String id, String text) {
        byte[] value = concat(new byte[]{0}, bytes(text));
        return concat(bytes(id), u32(value.length), u16(0), value);
    }

    // ---------------------------------------------------------------- PDF

    /** A one-page PDF whose document information and XMP name its author, creator and producer. */
    public static byte[] pdf() {
        return pdf(document -> {
        });
    }

    /** The same PDF, opening with a JavaScript action. */
    public static byte[] pdfWithJavaScript() {
        return pdf(document -> document.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('hi')")));
    }

    /** The same PDF, carrying a file. */
    public static byte[] pdfWithEmbeddedFile() {
        return pdf(document -> {
            try {
                PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(bytes("MZ payload")));
                PDComplexFileSpecification spec = new PDComplexFileSpecification();
                spec.setFile("invoice.exe");
                spec.setEmbeddedFile(file);
                PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
                tree.setNames(Map.of("invoice.exe", spec));
                PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
                names.setEmbeddedFiles(tree);
                document.getDocumentCatalog().setNames(names);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private interface Change {
        void apply(PDDocument document);
    }

    private static byte[] pdf(Change change) {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            PDDocumentInformation info = document.getDocumentInformation();
            info.setAuthor(AUTHOR);
            info.setCreator("Scanner " + DEVICE);
            info.setProducer("Producer " + DEVICE);
            info.setTitle("Evidence");
            info.setCustomMetadataValue("GPS", GPS);
            PDMetadata xmp = new PDMetadata(document, new ByteArrayInputStream(bytes(
                    "<x:xmpmeta><dc:creator>" + AUTHOR + "</dc:creator><exif:GPSLatitude>" + GPS
                            + "</exif:GPSLatitude></x:xmpmeta>")));
            xmp.getCOSObject().setItem(COSName.FILTER, null);
            document.getDocumentCatalog().setMetadata(xmp);
            change.apply(document);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- bytes

    public static boolean contains(byte[] data, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] box(String type, byte[]... parts) {
        byte[] body = concat(parts);
        return concat(u32(8 + body.length), bytes(type), body);
    }

    static byte[] fullBox(String type, int version, int flags, byte[]... parts) {
        return box(type, concat(u32(version << 24 | flags), concat(parts)));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static byte[] u16(int value) {
        return ByteBuffer.allocate(2).putShort((short) value).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
