package vn.tipline.system;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HeapCompactionTest {

    private final AtomicInteger collections = new AtomicInteger();

    @Test
    void underTheSerialCollectorTheStartUpsGarbageIsCollectedOnce() {
        new HeapCompaction(List.of("Copy", "MarkSweepCompact"), collections::incrementAndGet)
                .afterStartUpWork(new StartUpWorkDone("Gazetteer load"));

        assertThat(collections).hasValue(1);
    }

    @Test
    void otherCollectorsGiveMemoryBackOnTheirOwnAndAreLeftAlone() {
        new HeapCompaction(List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"), collections::incrementAndGet)
                .afterStartUpWork(new StartUpWorkDone("Gazetteer load"));
        new HeapCompaction(List.of("PS Scavenge", "PS MarkSweep"), collections::incrementAndGet)
                .afterStartUpWork(new StartUpWorkDone("Gazetteer load"));

        assertThat(collections).hasValue(0);
    }
}
