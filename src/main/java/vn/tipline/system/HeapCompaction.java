package vn.tipline.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * One full collection once the start-up work is done, so that the serial collector (the
 * {@code Dockerfile}'s) hands back the heap that work left touched. That collector gives heap memory
 * back to the system only at a full collection, and at idle none comes: the first start's import of
 * the gazetteer left 20–35 MiB of the old generation resident for the life of the process
 * (bench/README.md, "Start-up and idle memory, fifth pass"). With {@code -XX:MaxHeapFreeRatio=30
 * -XX:-ShrinkHeapInSteps} this one collection shrinks the old generation to its live data and a third
 * more. Other collectors give memory back on their own (G1's periodic collection), and the test JVM's
 * G1 would pay a full collection per context for nothing, so it runs under the serial collector only;
 * {@code -XX:+DisableExplicitGC} turns it off.
 */
@Component
public class HeapCompaction {

    private static final Logger log = LoggerFactory.getLogger(HeapCompaction.class);
    /** The serial collector's young and old collectors, as the JVM names them. */
    private static final List<String> SERIAL = List.of("Copy", "MarkSweepCompact");

    private final boolean serial;
    private final Runnable collect;

    @Autowired
    HeapCompaction() {
        this(ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                System::gc);
    }

    HeapCompaction(List<String> collectors, Runnable collect) {
        this.serial = collectors.equals(SERIAL);
        this.collect = collect;
    }

    @EventListener
    void afterStartUpWork(StartUpWorkDone done) {
        if (!serial) {
            return;
        }
        MemoryUsage before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long started = System.nanoTime();
        collect.run();
        MemoryUsage after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        log.info("{} done: heap collected in {} ms, {} MiB used of {} MiB committed (was {} of {})",
                done.work(), (System.nanoTime() - started) / 1_000_000, mib(after.getUsed()), mib(after.getCommitted()),
                mib(before.getUsed()), mib(before.getCommitted()));
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
