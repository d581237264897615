package vn.tipline.support;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test images. */
public final class Images {

    private Images() {
    }

    /**
     * A small JPEG carrying an EXIF (APP1) segment, as a phone camera writes one, with {@code marker}
     * among its values (say, GPS coordinates and a camera serial number).
     */
    public static byte[] jpegWithExif(String marker) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.BLUE);
        g.fillOval(10, 10, 30, 20);
        g.dispose();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = plain.toByteArray();
        // APP1 "Exif\0\0" + a little-endian TIFF header with one ASCII tag (ImageDescription) holding the marker.
        byte[] text = (marker + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        tiff.writeBytes(new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0});
        tiff.writeBytes(new byte[]{1, 0});                       // one entry
        tiff.writeBytes(new byte[]{(byte) 0x0E, 0x01, 2, 0});     // tag 0x010E ImageDescription, type ASCII
        tiff.writeBytes(le32(text.length));
        tiff.writeBytes(le32(8 + 2 + 12 + 4));                  // value offset: right after the IFD
        tiff.writeBytes(new byte[]{0, 0, 0, 0});                 // no next IFD
        tiff.writeBytes(text);
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.toByteArray());
        int length = payload.length + 2;
        byte[] segment = concat(new byte[]{(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);                                   // SOI
        out.writeBytes(segment);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] le32(int v) {
        return new byte[]{(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Whether {@code data} contains {@code text} (ASCII). */
    public static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }
}
