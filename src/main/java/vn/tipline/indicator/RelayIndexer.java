package vn.tipline.indicator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.tipline.police.RelayHistory;
import vn.tipline.police.RelayMessagePosted;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Indexes what a citizen writes to a unit through the relay, under the thread's code and unit:
 * a scam number told to the ward police links to the tips naming it like a tip would. Like tips,
 * a failure is logged (by thread code, never the text) and the message is relayed all the same.
 * The messages stored before this feature are indexed once, on their own thread after start, so
 * a store with many threads does not delay the service.
 */
@Component
class RelayIndexer {

    private static final Logger log = LoggerFactory.getLogger(RelayIndexer.class);
    static final String BACKFILL = "relay-backfill";

    private final IndicatorExtractor extractor;
    private final IndicatorStore store;
    private final RelayHistory history;
    private final Backfills backfills;

    RelayIndexer(IndicatorExtractor extractor, IndicatorStore store, RelayHistory history, Backfills backfills) {
        this.extractor = extractor;
        this.store = store;
        this.history = history;
        this.backfills = backfills;
    }

    @EventListener
    void posted(RelayMessagePosted message) {
        try {
            store.record(new IndicatorRecord.RelayRef(message.thread(), message.unit(), message.province(), message.at()),
                    extractor.extract(message.text()));
        } catch (RuntimeException e) {
            log.warn("Scam indicators: relay thread {} not indexed ({})", message.thread(), e.getClass().getSimpleName());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void indexEarlierMessagesAfterStart() {
        Thread backfill = new Thread(this::indexEarlierMessagesOnce, "relay-indicators-backfill");
        backfill.setDaemon(true);
        backfill.start();
    }

    /** Once per store: every citizen's relay message stored before this feature. Indexing one twice changes nothing. */
    void indexEarlierMessagesOnce() {
        try {
            if (!backfills.claim(BACKFILL)) {
                return;
            }
            AtomicLong count = new AtomicLong();
            history.forEachCitizenMessage(message -> {
                posted(message);
                count.incrementAndGet();
            });
            backfills.done(BACKFILL, "messages", count.get());
            log.info("Scam indicators: {} earlier relay messages indexed", count.get());
        } catch (RuntimeException e) {
            log.warn("Scam indicators: earlier relay messages not indexed ({}); tried again at the next start once the claim is stale",
                    e.getClass().getSimpleName());
        }
    }
}
