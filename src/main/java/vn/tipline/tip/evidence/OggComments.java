package vn.tipline.tip.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An OGG voice note or song keeps its tags (artist, encoder, place, date, whatever the app wrote) in
 * the stream's comment header: Opus's {@code OpusTags}, Vorbis's comment packet. It is replaced with
 * one that has an empty vendor and no comments; the header pages are laid out again, and every later
 * page gets its new sequence number and checksum. Audio packets are copied as they are.
 *
 * <p>Only a single logical stream (what phones record) is taken apart; a chained or multiplexed file
 * is left as sent and reported as not cleaned.
 */
final class OggComments {

    private static final byte[] OPUS_HEAD = "OpusHead".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] OPUS_TAGS = "OpusTags".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] VORBIS = "vorbis".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEADER = 27;
    private static final int CONTINUED = 0x01;
    private static final int FIRST = 0x02;

    private OggComments() {
    }

    /** One page as found: its place in the file, its header fields and its segment table. */
    record Page(int start, int flags, long granule, int serial, int sequence, int[] lacing, int dataStart, int end) {
    }

    static Cleaned clean(byte[] data) throws Refused {
        List<Page> pages = pages(data);
        Page first = pages.get(0);
        boolean opus = startsWith(data, first.dataStart(), OPUS_HEAD);
        boolean vorbis = data[first.dataStart()] == 1 && startsWith(data, first.dataStart() + 1, VORBIS);
        if ((first.flags() & FIRST) == 0 || first.lacing().length != 1 || !(opus || vorbis)) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "not an Opus or Vorbis stream");
        }
        if (pages.stream().anyMatch(p -> p.serial() != first.serial() || p != first && (p.flags() & FIRST) != 0)) {
            return new Cleaned(data, Format.OGG, Format.OGG.contentType(), false, null, null);
        }
        // Opus has one header packet after the first page (the tags), Vorbis two (comments, setup).
        int headerPackets = opus ? 1 : 2;
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int page = 1;
        while (packets.size() < headerPackets) {
            if (page >= pages.size()) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "headers end early");
            }
            Page p = pages.get(page++);
            int at = p.dataStart();
            for (int i = 0; i < p.lacing().length; i++) {
                packet.write(data, at, p.lacing()[i]);
                at += p.lacing()[i];
                if (p.lacing()[i] < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            if (packets.size() >= headerPackets && (packets.size() > headerPackets || packet.size() > 0)) {
                // Audio must begin on a fresh page (RFC 7845, Vorbis I spec): anything else is not a layout we rewrite.
                return new Cleaned(data, Format.OGG, Format.OGG.contentType(), false, null, null);
            }
        }
        byte[] comments = opus ? emptyOpusTags() : emptyVorbisComment();
        if (!startsWith(packets.get(0), 0, opus ? OPUS_TAGS : vorbisHeader(3))) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "second packet is not the comment header");
        }
        packets.set(0, comments);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        out.write(data, first.start(), first.end() - first.start());
        int sequence = first.sequence() + 1;
        for (byte[] header : packets) {
            sequence = paginate(header, first.serial(), sequence, out);
        }
        for (int i = page; i < pages.size(); i++) {
            Page p = pages.get(i);
            byte[] copy = Arrays.copyOfRange(data, p.start(), p.end());
            ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(18, sequence++).putInt(22, 0);
            ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc(copy));
            out.writeBytes(copy);
        }
        return new Cleaned(out.toByteArray(), Format.OGG, Format.OGG.contentType(), true, null, null);
    }

    /** Lays one header packet out on pages of at most 255 segments; returns the next sequence number. */
    private static int paginate(byte[] packet, int serial, int sequence, ByteArrayOutputStream out) {
        int segments = packet.length / 255 + 1;
        int offset = 0;
        boolean continued = false;
        while (segments > 0) {
            int here = Math.min(segments, 255);
            segments -= here;
            boolean ends = segments == 0;
            int length = ends ? packet.length - offset : here * 255;
            ByteBuffer page = ByteBuffer.allocate(HEADER + here + length).order(ByteOrder.LITTLE_ENDIAN);
            page.put("OggS".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0).put((byte) (continued ? CONTINUED : 0))
                    .putLong(ends ? 0 : -1).putInt(serial).putInt(sequence++).putInt(0).put((byte) here);
            for (int i = 0; i < here; i++) {
                boolean last = ends && i == here - 1;
                page.put((byte) (last ? length - 255 * (here - 1) : 255));
            }
            page.put(packet, offset, length);
            byte[] bytes = page.array();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc(bytes));
            out.writeBytes(bytes);
            offset += length;
            continued = true;
        }
        return sequence;
    }

    static List<Page> pages(byte[] data) throws Refused {
        List<Page> pages = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            if (data.length - at < HEADER || !startsWith(data, at, "OggS".getBytes(StandardCharsets.ISO_8859_1))
                    || data[at + 4] != 0) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "not an OGG page at " + at);
            }
            ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int count = data[at + 26] & 0xFF;
            int dataStart = at + HEADER + count;
            if (dataStart > data.length) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "truncated page");
            }
            int[] lacing = new int[count];
            int length = 0;
            for (int i = 0; i < count; i++) {
                lacing[i] = data[at + HEADER + i] & 0xFF;
                length += lacing[i];
            }
            if (dataStart + length > data.length) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "truncated page");
            }
            pages.add(new Page(at, data[at + 5] & 0xFF, in.getLong(at + 6), in.getInt(at + 14), in.getInt(at + 18),
                    lacing, dataStart, dataStart + length));
            at = dataStart + length;
        }
        if (pages.isEmpty()) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "no pages");
        }
        return pages;
    }

    /** An {@code OpusTags} packet with an empty vendor string and no comments. */
    private static byte[] emptyOpusTags() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put(OPUS_TAGS).putInt(0).putInt(0).array();
    }

    /** A Vorbis comment header with an empty vendor string, no comments and its framing bit. */
    private static byte[] emptyVorbisComment() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put(vorbisHeader(3)).putInt(0).putInt(0)
                .put((byte) 1).array();
    }

    private static byte[] vorbisHeader(int type) {
        byte[] header = new byte[7];
        header[0] = (byte) type;
        System.arraycopy(VORBIS, 0, header, 1, VORBIS.length);
        return header;
    }

    /** The OGG page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, zero start, over the page with a zeroed field. */
    static int crc(byte[] page) {
        int crc = 0;
        for (byte b : page) {
            crc ^= (b & 0xFF) << 24;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    private static boolean startsWith(byte[] data, int at, byte[] magic) {
        return data.length >= at + magic.length && Arrays.equals(data, at, at + magic.length, magic, 0, magic.length);
    }
}
