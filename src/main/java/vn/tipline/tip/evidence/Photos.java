package vn.tipline.tip.evidence;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Photos are decoded and encoded again, which leaves behind EXIF, GPS, camera and editing
 * metadata: nothing but the pixels is stored.
 */
final class Photos {

    private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp");
    /** Refuse decompression bombs before decoding: a phone photo is well under this. */
    private static final long MAX_PIXELS = 50_000_000L;

    private Photos() {
    }

    static Cleaned reencode(byte[] data) throws Refused {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "not an image");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new Refused(Refused.Reason.UNSUPPORTED, "format " + format);
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new Refused(Refused.Reason.UNSUPPORTED, "image too large");
                }
                BufferedImage image = reader.read(0);
                boolean jpeg = format.equals("jpeg");
                BufferedImage target = jpeg ? withoutAlpha(image) : image;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (!ImageIO.write(target, jpeg ? "jpeg" : "png", out)) {
                    throw new Refused(Refused.Reason.UNSUPPORTED, "cannot encode");
                }
                return new Cleaned(out.toByteArray(), Format.IMAGE, jpeg ? "image/jpeg" : "image/png", true,
                        image.getWidth(), image.getHeight());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Refused(Refused.Reason.UNSUPPORTED, "unreadable image");
        }
    }

    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, Color.WHITE, null);
        return rgb;
    }
}
