package vn.tipline.store;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The log's commits: each writes the records made since the one before, once. */
class DocumentLogCommitTest {

    @TempDir
    Path dir;

    @Test
    void eachCommitWritesOnlyTheRecordsMadeSinceTheLastOneAndAReopenedLogHasThemAll() {
        byte[] document = DocumentLog.encode(new Document("_id", "a").append("text", "Tối qua có người lạ"));
        long[] sizes = new long[4];
        try (DocumentLog log = DocumentLog.open(dir, false, Long.MAX_VALUE, false, image -> { })) {
            sizes[0] = log.size();
            for (int i = 1; i < sizes.length; i++) {
                // Keys of one length: every record takes as many bytes as the one before.
                log.put("tipline.notes", "k" + i, document);
                log.commit(log.ticket());
                sizes[i] = log.size();
            }
        }
        long first = sizes[1] - sizes[0];
        assertThat(first).isPositive();
        // The buffers take turns: one not emptied after its commit would write its records again.
        assertThat(sizes[2] - sizes[1]).isEqualTo(first);
        assertThat(sizes[3] - sizes[2]).isEqualTo(first);

        try (DocumentLog reopened = DocumentLog.open(dir, false, Long.MAX_VALUE, false, image -> { })) {
            assertThat(reopened.recoveredRecords()).isEqualTo(3);
            assertThat(reopened.image().collection("tipline.notes")).containsOnlyKeys("k1", "k2", "k3");
        }
    }
}
