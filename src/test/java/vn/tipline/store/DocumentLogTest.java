package vn.tipline.store;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The log's own bookkeeping, below the wire: what each write puts in the file. */
class DocumentLogTest {

    @TempDir
    Path dir;

    /** The buffers that carry records to the file are reused from write to write: none may carry one twice. */
    @Test
    void everyRecordIsWrittenOnceAcrossWritesLargeAndSmall() {
        String large = "x".repeat(2 * 1024 * 1024); // more than a write's buffer is kept for
        int records = 0;
        try (DocumentLog log = DocumentLog.open(dir, false, Long.MAX_VALUE, false, image -> { })) {
            for (int i = 0; i < 40; i++) {
                Document document = new Document("_id", "k").append("v", i);
                if (i % 10 == 3) {
                    document.append("large", large);
                }
                log.put("t.c", "k", DocumentLog.encode(document));
                records++;
                if (i % 3 == 0) {
                    log.put("t.c", "other" + i, DocumentLog.encode(new Document("_id", "other" + i)));
                    records++;
                }
                log.commit(log.ticket());
            }
        }
        try (DocumentLog log = DocumentLog.open(dir, false, Long.MAX_VALUE, false, image -> { })) {
            assertThat(log.recoveredRecords()).isEqualTo(records);
            assertThat(DocumentLog.decode(log.image().collection("t.c").get("k"))).containsEntry("v", 39)
                    .doesNotContainKey("large");
            assertThat(log.image().collection("t.c")).hasSize(1 + 14);
        }
    }
}
