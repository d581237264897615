package vn.tipline.tip;

import com.mongodb.client.gridfs.model.GridFSFile;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.WebChatClient;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Photos reach the tip as pixels only: EXIF, GPS and the file name are gone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EvidenceMetadataTest {

    private static final String GPS_MARKER = "GPS-10.776900-106.700900-iPhone-of-Nguyen-Van-A";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    GridFsTemplate gridFs;

    /** A real JPEG with an EXIF APP1 segment carrying a GPS-like marker, as a phone camera writes. */
    static byte[] jpegWithExif() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().setColor(Color.RED);
        image.getGraphics().fillRect(0, 0, 32, 24);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();
        byte[] payload = ("Exif\0\0MM\0*\0\0\0\b" + GPS_MARKER).getBytes(StandardCharsets.ISO_8859_1);
        int length = payload.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(new byte[]{(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.write(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void exifAndGpsAreStrippedFromPhotos() throws Exception {
        byte[] original = jpegWithExif();
        assertThat(new String(original, StandardCharsets.ISO_8859_1)).contains("Exif", GPS_MARKER);
        assertThat(ImageIO.read(new ByteArrayInputStream(original))).isNotNull();

        WebChatClient citizen = WebChatClient.open(port);
        citizen.press("Báo tin").press("Vũ khí").say("Cất giấu pháo nổ trong kho sau nhà văn hóa")
                .say("Nhà văn hóa tổ 5").press("Trước đó").sendPhoto(original, "image/jpeg");
        assertThat(citizen.lastText()).contains("1/5");
        citizen.press("Xong").press("Gửi ẩn danh");
        assertThat(citizen.lastText()).contains("Ảnh/tệp: 1");
        citizen.press("Có, gửi đi");

        Document tip = mongo.getCollection("tips").find(new Document("code", citizen.receiptCode())).first();
        List<String> attachments = tip.getList("attachments", String.class);
        assertThat(attachments).hasSize(1);
        GridFSFile file = gridFs.findOne(Query.query(Criteria.where("_id").is(new ObjectId(attachments.get(0)))));
        byte[] stored = gridFs.getResource(file).getInputStream().readAllBytes();
        String raw = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("Exif").doesNotContain(GPS_MARKER);
        assertThat(file.getFilename()).doesNotContain("IMG_0001");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(decoded.getWidth()).isEqualTo(64);
        assertThat(tip.toJson()).doesNotContain(GPS_MARKER);
    }
}
