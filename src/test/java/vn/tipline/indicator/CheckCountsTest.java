package vn.tipline.indicator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.support.OfficerTestBase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks are counted off the citizen's answer and written in batches: none is lost to a write running alongside. */
class CheckCountsTest extends OfficerTestBase {

    private static final int THREADS = 8;
    private static final int EACH = 2_000;

    @Autowired
    CheckCounts counts;

    @Test
    void checksCountedWhileTheCountsAreBeingWrittenAreAllWritten() throws Exception {
        String id = IndicatorsForTests.confirmedPhone(mongo, IndicatorsForTests.e164(IndicatorsForTests.newPhone()), 1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> checking = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                checking.add(pool.submit(() -> {
                    for (int i = 1; i <= EACH; i++) {
                        counts.add(id);
                        if (i % 100 == 0) { // the writes run while the other threads count
                            counts.flush();
                        }
                    }
                }));
            }
            for (Future<?> future : checking) {
                future.get();
            }
            counts.flush();
        } finally {
            pool.shutdown();
        }
        assertThat(IndicatorsForTests.checks(mongo, id)).isEqualTo((long) THREADS * EACH);
    }
}
