package vn.tipline.tip.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MP4, MOV, 3GP and M4A (ISO base media files) keep their metadata in boxes of their own: {@code udta}
 * (QuickTime's ©xyz position, make, model, software), {@code meta} (Apple's keyed location and device
 * fields, iTunes tags) and {@code uuid} (XMP, camera makers' blocks). They are dropped wherever they
 * sit in the file, in {@code moov} and in each track down to its sample tables; the boxes around
 * them get their new sizes, and the chunk offsets ({@code stco}, {@code co64}) move by the bytes
 * removed before the media they point at.
 *
 * <p>No library on Maven Central both keeps the media untouched and is maintained for this; the
 * walk is small. A fragmented file ({@code moof}, {@code sidx}) keeps offsets in places this walk
 * does not rewrite: it is left as sent and reported as not cleaned.
 */
final class IsoBoxes {

    private static final Set<String> METADATA = Set.of("udta", "meta", "uuid");
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts");
    private static final Set<String> FRAGMENTED = Set.of("moof", "sidx", "mfra", "ssix");

    private IsoBoxes() {
    }

    /** A box: where it starts, its header's length, its whole length. */
    record Box(String type, int start, int header, long size) {
        int end() {
            return (int) (start + size);
        }

        int body() {
            return start + header;
        }
    }

    static Cleaned clean(byte[] data, Format format) throws Refused {
        List<Box> top = boxes(data, 0, data.length, true);
        if (top.stream().noneMatch(b -> b.type().equals("moov"))) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "no moov box");
        }
        if (top.stream().anyMatch(b -> FRAGMENTED.contains(b.type()))) {
            return new Cleaned(data, format, format.contentType(), false, null, null);
        }
        List<Box> removed = new ArrayList<>();
        collect(data, top, removed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (Box box : top) {
            if (!METADATA.contains(box.type())) {
                write(data, box, removed, out);
            }
        }
        byte[] cleaned = out.toByteArray();
        boxes(cleaned, 0, cleaned.length, true);
        return new Cleaned(cleaned, format, format.contentType(), true, null, null);
    }

    /** The metadata boxes at the top level and in every container below it. */
    private static void collect(byte[] data, List<Box> level, List<Box> removed) throws Refused {
        for (Box box : level) {
            if (METADATA.contains(box.type())) {
                removed.add(box);
            } else if (CONTAINERS.contains(box.type())) {
                collect(data, boxes(data, box.body(), box.end(), false), removed);
            }
        }
    }

    private static void write(byte[] data, Box box, List<Box> removed, ByteArrayOutputStream out) throws Refused {
        if (CONTAINERS.contains(box.type())) {
            ByteArrayOutputStream children = new ByteArrayOutputStream();
            for (Box child : boxes(data, box.body(), box.end(), false)) {
                if (!METADATA.contains(child.type())) {
                    write(data, child, removed, children);
                }
            }
            header(box, box.header() + children.size(), out);
            out.writeBytes(children.toByteArray());
        } else if (box.type().equals("stco") || box.type().equals("co64")) {
            out.write(data, box.start(), box.body() + 8 - box.start());
            ByteBuffer in = ByteBuffer.wrap(data, box.body() + 4, box.end() - box.body() - 4);
            long count = in.getInt() & 0xFFFFFFFFL;
            boolean wide = box.type().equals("co64");
            if (8 + count * (wide ? 8 : 4) != box.end() - box.body()) {
                throw new Refused(Refused.Reason.UNSUPPORTED, box.type() + " size");
            }
            ByteBuffer moved = ByteBuffer.allocate((int) count * (wide ? 8 : 4));
            for (long i = 0; i < count; i++) {
                long offset = wide ? in.getLong() : in.getInt() & 0xFFFFFFFFL;
                long shifted = offset - removedBefore(offset, removed);
                if (wide) {
                    moved.putLong(shifted);
                } else {
                    moved.putInt((int) shifted);
                }
            }
            out.write(moved.array(), 0, moved.capacity());
        } else {
            out.write(data, box.start(), (int) box.size());
        }
    }

    private static long removedBefore(long offset, List<Box> removed) {
        long bytes = 0;
        for (Box box : removed) {
            if (box.start() < offset) {
                bytes += box.size();
            }
        }
        return bytes;
    }

    /** A box header with a new size; a 64-bit size stays 64-bit, "to the end of the file" stays so. */
    private static void header(Box box, long size, ByteArrayOutputStream out) {
        ByteBuffer header = ByteBuffer.allocate(box.header());
        header.putInt(box.header() == 16 ? 1 : (int) size).put(box.type().getBytes(StandardCharsets.ISO_8859_1));
        if (box.header() == 16) {
            header.putLong(size);
        }
        out.write(header.array(), 0, header.capacity());
    }

    /** The boxes between {@code from} and {@code to}, which they must fill exactly. */
    static List<Box> boxes(byte[] data, int from, int to, boolean top) throws Refused {
        List<Box> boxes = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 8) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "truncated box header");
            }
            ByteBuffer in = ByteBuffer.wrap(data, at, to - at);
            long size = in.getInt() & 0xFFFFFFFFL;
            String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (to - at < 16) {
                    throw new Refused(Refused.Reason.UNSUPPORTED, "truncated large box header");
                }
                size = ByteBuffer.wrap(data).getLong(at + 8);
                header = 16;
            } else if (size == 0 && top) {
                size = to - at;
            }
            if (size < header || size > to - at) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "box " + type + " overruns its parent");
            }
            boxes.add(new Box(type, at, header, size));
            at += (int) size;
        }
        return boxes;
    }
}
