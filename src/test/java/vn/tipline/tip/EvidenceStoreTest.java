package vn.tipline.tip;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.util.unit.DataSize;
import vn.tipline.conversation.EvidenceStore;
import vn.tipline.conversation.Inbound;
import vn.tipline.support.EvidenceFiles;
import vn.tipline.support.OfficerTestBase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The evidence store's limits (per kind, per tip, in number) and its sweep of chunks a crash left behind, on the real store. */
class EvidenceStoreTest extends OfficerTestBase {

    @Autowired
    GridFsTemplate gridFs;

    private GridFsEvidenceStore store(DataSize audio, DataSize tip, int items) {
        DataSize file = DataSize.ofMegabytes(1);
        return new GridFsEvidenceStore(gridFs, mongo, Clock.systemUTC(), new EvidenceProperties(file, audio, file, file, tip, items));
    }

    private static void refusedWith(ThrowingSave save, String text, String limitValue) {
        assertThatThrownBy(save::run).isInstanceOfSatisfying(EvidenceStore.UnsupportedEvidenceException.class, e -> {
            assertThat(e.text()).isEqualTo(text);
            assertThat(e.values()).containsValue(limitValue);
        });
    }

    private interface ThrowingSave {
        void run() throws Exception;
    }

    @Test
    void eachKindHasItsOwnLimitAndTheRefusalNamesIt() throws Exception {
        GridFsEvidenceStore store = store(DataSize.ofKilobytes(4), DataSize.ofMegabytes(10), 5);
        byte[] mp3 = EvidenceFiles.mp3();
        assertThat(mp3.length).isGreaterThan(4 * 1024);
        refusedWith(() -> store.keep(new Inbound.Media(mp3, "audio/mpeg"), List.of()), "media_too_large", "4 KB");
        // The same size of video is under the video limit.
        byte[] video = EvidenceFiles.mp4(100);
        assertThat(video.length).isGreaterThan(4 * 1024);
        assertThat(store.keep(new Inbound.Media(video, "video/mp4"), List.of()).cleaned()).isTrue();
    }

    @Test
    void aTipsEvidenceStaysUnderItsTotalAndItsNumberOfFiles() throws Exception {
        byte[] video = EvidenceFiles.mp4(1);
        GridFsEvidenceStore store = store(DataSize.ofMegabytes(1), DataSize.ofKilobytes(3), 2);
        String first = store.keep(new Inbound.Media(video, "video/mp4"), List.of()).id();
        String second = store.keep(new Inbound.Media(EvidenceFiles.oggOpus(1), null), List.of(first)).id();
        refusedWith(() -> store.keep(new Inbound.Media(video, "video/mp4"), List.of(first, second)), "media_too_many", "2");
        byte[] big = EvidenceFiles.mp4(40);
        assertThat(big.length + gridFs.findOne(Query.query(Criteria.where("_id").is(new ObjectId(first)))).getLength())
                .isGreaterThan(3 * 1024);
        refusedWith(() -> store.keep(new Inbound.Media(big, "video/mp4"), List.of(first)), "media_tip_full", "3 KB");
    }

    @Test
    void chunksWithoutTheirFileAreSweptWithAbandonedDraftsAndAFilesChunksAreNot() throws Exception {
        GridFsEvidenceStore store = store(DataSize.ofMegabytes(1), DataSize.ofMegabytes(10), 5);
        String kept = store.keep(new Inbound.Media(EvidenceFiles.mp4(1), "video/mp4"), List.of()).id();
        store.claim(List.of(kept));
        // What a process killed during an upload leaves: chunks written, the file document never.
        ObjectId orphan = new ObjectId(Date.from(Instant.now().minus(Duration.ofHours(2))));
        for (int n = 0; n < 3; n++) {
            mongo.insert(new Document("files_id", orphan).append("n", n).append("data", new Binary(new byte[1024])), "evidence.chunks");
        }
        ObjectId uploading = new ObjectId();
        mongo.insert(new Document("files_id", uploading).append("n", 0).append("data", new Binary(new byte[10])), "evidence.chunks");

        store.discardAbandoned(Instant.now().minus(Duration.ofHours(1)));

        assertThat(mongo.count(Query.query(Criteria.where("files_id").is(orphan)), "evidence.chunks")).isZero();
        // An upload still under way (younger than the cut-off) and a claimed file keep their chunks.
        assertThat(mongo.count(Query.query(Criteria.where("files_id").is(uploading)), "evidence.chunks")).isEqualTo(1);
        assertThat(mongo.count(Query.query(Criteria.where("files_id").is(new ObjectId(kept))), "evidence.chunks")).isPositive();
    }
}
