package vn.tipline.indicator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.tipline.police.RelayMessagePosted;

/**
 * Indexes what a citizen writes to a unit through the relay, under the thread's code and unit:
 * a scam number told to the ward police links to the tips naming it like a tip would. Like tips,
 * a failure is logged (by thread code, never the text) and the message is relayed all the same.
 */
@Component
class RelayIndexer {

    private static final Logger log = LoggerFactory.getLogger(RelayIndexer.class);

    private final IndicatorExtractor extractor;
    private final IndicatorStore store;

    RelayIndexer(IndicatorExtractor extractor, IndicatorStore store) {
        this.extractor = extractor;
        this.store = store;
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
}
