package vn.tipline.channel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HandlingLimitTest {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final HandlingLimit limit = new HandlingLimit(4, 2, nanos::get);

    @Test
    void everyWorkerHandlesWhileEventsArriveAtAWalk() {
        for (int i = 0; i < HandlingLimit.BURST - 1; i++) {
            limit.arrived();
        }
        for (int i = 0; i < 4; i++) {
            limit.acquire(); // none of them waits
        }
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void duringABurstOnlySomeHandleAndTheRestGoOnOnceItIsOver() {
        for (int i = 0; i < HandlingLimit.BURST; i++) {
            limit.arrived();
        }
        limit.acquire();
        limit.acquire();
        CompletableFuture<Void> third = CompletableFuture.runAsync(limit::acquire);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());

        // One window later the burst still counts (it is the window just past)...
        nanos.addAndGet(HandlingLimit.WINDOW_NANOS);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
        // ...a window without arrivals after that, and every worker handles again.
        nanos.addAndGet(HandlingLimit.WINDOW_NANOS);
        await().atMost(Duration.ofSeconds(2)).until(third::isDone);
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void aReleaseLetsTheNextWorkerInDuringABurst() {
        for (int i = 0; i < HandlingLimit.BURST; i++) {
            limit.arrived();
        }
        limit.acquire();
        limit.acquire();
        CompletableFuture<Void> third = CompletableFuture.runAsync(limit::acquire);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
        limit.release();
        await().atMost(Duration.ofSeconds(2)).until(third::isDone);
    }
}
