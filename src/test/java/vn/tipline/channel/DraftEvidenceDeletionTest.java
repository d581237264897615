package vn.tipline.channel;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.Images;
import vn.tipline.support.WebChatClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A draft's photos go with the draft: the citizen who cancels, or whose draft expires, is told that
 * what they entered was deleted, and GridFS then holds nothing of it. A filed tip keeps its photos.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DraftEvidenceDeletionTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        ConversationExpiryTest.TestClock testClock() {
            return new ConversationExpiryTest.TestClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ConversationExpiryTest.TestClock clock;

    @Autowired
    ConversationSweeper sweeper;

    @Autowired
    MongoTemplate mongo;

    /** A citizen half-way through a report, with one photo in the draft; returns the photo's id. */
    private ObjectId draftWithPhoto(WebChatClient citizen) {
        citizen.press("Báo tin").press("Vũ khí").say("Cất giấu pháo nổ trong kho sau nhà văn hóa")
                .say("Nhà văn hóa tổ 5").press("Trước đó").sendPhoto(Images.jpegWithExif("draft"), "image/jpeg");
        assertThat(citizen.lastText()).contains("1/5");
        Document conversation = mongo.getCollection(ConversationService.COLLECTION)
                .find(new Document("variables.evidence.0", new Document("$exists", true))
                        .append("lastActivity", new Document("$gte", java.util.Date.from(clock.now)))).first();
        assertThat(conversation).as("the draft holds the photo").isNotNull();
        List<String> evidence = conversation.get("variables", Document.class).getList("evidence", String.class);
        ObjectId photo = new ObjectId(evidence.get(0));
        assertThat(stored(photo)).as("the photo is in GridFS while the draft lasts").isTrue();
        return photo;
    }

    private boolean stored(ObjectId photo) {
        return mongo.getCollection("evidence.files").countDocuments(new Document("_id", photo)) > 0
                || mongo.getCollection("evidence.chunks").countDocuments(new Document("files_id", photo)) > 0;
    }

    @Test
    void cancellingADraftDeletesItsPhotos() {
        WebChatClient citizen = WebChatClient.open(port);
        ObjectId photo = draftWithPhoto(citizen);

        citizen.say("/cancel");

        assertThat(citizen.lastText()).contains("Đã hủy");
        assertThat(stored(photo)).isFalse();
    }

    @Test
    void answeringNoAtTheCheckDeletesThePhotos() {
        WebChatClient citizen = WebChatClient.open(port);
        ObjectId photo = draftWithPhoto(citizen);

        citizen.press("Xong").press("Gửi ẩn danh").press("Không");

        assertThat(citizen.lastText()).contains("Đã hủy");
        assertThat(stored(photo)).isFalse();
    }

    @Test
    void anExpiredDraftLosesItsPhotosAtTheSweep() {
        WebChatClient citizen = WebChatClient.open(port);
        ObjectId photo = draftWithPhoto(citizen);

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        sweeper.sweep();

        assertThat(stored(photo)).isFalse();
    }

    @Test
    void aDraftFoundIdleByTheNextMessageLosesItsPhotos() {
        WebChatClient citizen = WebChatClient.open(port);
        ObjectId photo = draftWithPhoto(citizen);

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        citizen.say("xin chào");

        assertThat(citizen.lastText()).contains("đã hết hạn");
        assertThat(stored(photo)).isFalse();
    }

    @Test
    void aPhotoWhoseDraftWasNeverStoredIsDeletedOnceAbandoned() {
        WebChatClient citizen = WebChatClient.open(port);
        ObjectId photo = draftWithPhoto(citizen);
        // As if the conversation's state had not been written after the photo was (a store outage, a crash).
        mongo.getCollection(ConversationService.COLLECTION).deleteMany(new Document("variables.evidence", photo.toHexString()));

        clock.now = clock.now.plus(Duration.ofDays(1));
        sweeper.sweep();
        assertThat(stored(photo)).as("kept while a draft could still hold it").isTrue();
        clock.now = clock.now.plus(Duration.ofDays(30));
        sweeper.sweep();
        assertThat(stored(photo)).isFalse();
    }

    @Test
    void aFiledTipKeepsItsPhotosWhenTheConversationMovesOn() {
        WebChatClient citizen = WebChatClient.open(port);
        ObjectId photo = draftWithPhoto(citizen);

        citizen.press("Xong").press("Gửi ẩn danh").press("Có, gửi đi");
        String code = citizen.receiptCode();
        citizen.say("/cancel");
        clock.now = clock.now.plus(Duration.ofDays(31));
        sweeper.sweep();

        assertThat(stored(photo)).isTrue();
        Document tip = mongo.getCollection("tips").find(new Document("code", code)).first();
        assertThat(tip.getList("attachments", String.class)).containsExactly(photo.toHexString());
    }
}
