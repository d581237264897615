package vn.tipline.indicator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.tipline.tip.TipAnswered;
import vn.tipline.tip.TipTexts;
import vn.tipline.tip.TipTextsFiled;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Indexes a tip's texts when it is filed and when its reporter answers a follow-up, and every tip
 * filed before this feature once. Indexing never stands in the way of filing: a failure is logged
 * (by receipt code, never the text) and the tip is filed all the same.
 */
@Component
class TipIndexer {

    private static final Logger log = LoggerFactory.getLogger(TipIndexer.class);
    static final String META = Backfills.META;
    static final String BACKFILL = "backfill";

    private final TipTexts tips;
    private final IndicatorExtractor extractor;
    private final IndicatorStore store;
    private final Backfills backfills;

    TipIndexer(TipTexts tips, IndicatorExtractor extractor, IndicatorStore store, Backfills backfills) {
        this.tips = tips;
        this.extractor = extractor;
        this.store = store;
        this.backfills = backfills;
    }

    /** With the texts in the event: a filing costs no read of the tip it has just written. */
    @EventListener
    void filed(TipTextsFiled event) {
        indexOrLog(event.tip().code(), () -> index(event.tip()));
    }

    @EventListener
    void answered(TipAnswered event) {
        indexOrLog(event.code(), () -> tips.byCode(event.code()).ifPresent(this::index));
    }

    private static void indexOrLog(String code, Runnable indexing) {
        try {
            indexing.run();
        } catch (RuntimeException e) {
            log.warn("Scam indicators: tip {} not indexed ({})", code, e.getClass().getSimpleName());
        }
    }

    private void index(TipTexts.Written tip) {
        Set<Indicator> found = new LinkedHashSet<>();
        tip.texts().forEach(text -> found.addAll(extractor.extract(text)));
        store.record(tip.id(), tip.createdAt(), found);
    }

    /** Once per store: the tips filed before this feature. Safe on two instances starting at once. */
    @EventListener(ApplicationReadyEvent.class)
    void indexEarlierTipsOnce() {
        if (!backfills.claim(BACKFILL)) {
            return;
        }
        AtomicLong count = new AtomicLong();
        tips.forEach(tip -> {
            index(tip);
            count.incrementAndGet();
        });
        backfills.done(BACKFILL, "tips", count.get());
        log.info("Scam indicators: {} earlier tips indexed", count.get());
    }
}
