package vn.tipline.tip.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * MP3 carries its metadata in tags around the audio frames: ID3v2 at the start (one or more), APEv2
 * and ID3v1 at the end. All are cut off; what is left must begin with an audio frame.
 */
final class Mp3Tags {

    private static final int ID3V1 = 128;
    private static final int ID3V1_EXTENDED = 227;
    private static final int APE_FOOTER = 32;

    private Mp3Tags() {
    }

    static Cleaned clean(byte[] data) throws Refused {
        int start = 0;
        while (data.length - start >= 10 && is(data, start, "ID3")) {
            int size = syncsafe(data, start + 6);
            boolean footer = (data[start + 5] & 0x10) != 0;
            start += 10 + size + (footer ? 10 : 0);
        }
        int end = data.length;
        if (end - start >= ID3V1 && is(data, end - ID3V1, "TAG")) {
            end -= ID3V1;
            if (end - start >= ID3V1_EXTENDED - ID3V1 && is(data, end - (ID3V1_EXTENDED - ID3V1), "TAG+")) {
                end -= ID3V1_EXTENDED - ID3V1;
            }
        }
        if (end - start >= APE_FOOTER && is(data, end - APE_FOOTER, "APETAGEX")) {
            int footer = end - APE_FOOTER;
            long size = littleEndian(data, footer + 12);
            boolean header = (data[footer + 23] & 0x80) != 0;
            end -= (int) Math.min(end - start, size + (header ? APE_FOOTER : 0));
        }
        if (start >= end || !Format.isMp3Frame(data, start)) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "no MPEG audio frame after the tags");
        }
        return new Cleaned(Arrays.copyOfRange(data, start, end), Format.MP3, Format.MP3.contentType(), true, null, null);
    }

    private static boolean is(byte[] data, int at, String magic) {
        byte[] bytes = magic.getBytes(StandardCharsets.ISO_8859_1);
        return at >= 0 && data.length >= at + bytes.length && Arrays.equals(data, at, at + bytes.length, bytes, 0, bytes.length);
    }

    private static int syncsafe(byte[] data, int at) {
        return (data[at] & 0x7F) << 21 | (data[at + 1] & 0x7F) << 14 | (data[at + 2] & 0x7F) << 7 | data[at + 3] & 0x7F;
    }

    private static long littleEndian(byte[] data, int at) {
        return (data[at] & 0xFFL) | (data[at + 1] & 0xFFL) << 8 | (data[at + 2] & 0xFFL) << 16 | (data[at + 3] & 0xFFL) << 24;
    }
}
