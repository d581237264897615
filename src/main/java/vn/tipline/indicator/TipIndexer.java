package vn.tipline.indicator;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.tipline.tip.TipAnswered;
import vn.tipline.tip.TipFiled;
import vn.tipline.tip.TipTexts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
    static final String META = "indicator_meta";
    static final String BACKFILL = "backfill";
    /** A claim older than this is from an instance that died mid-way; another takes over. */
    private static final Duration CLAIM = Duration.ofMinutes(15);

    private final TipTexts tips;
    private final IndicatorExtractor extractor;
    private final IndicatorStore store;
    private final MongoTemplate mongo;
    private final Clock clock;

    TipIndexer(TipTexts tips, IndicatorExtractor extractor, IndicatorStore store, MongoTemplate mongo, Clock clock) {
        this.tips = tips;
        this.extractor = extractor;
        this.store = store;
        this.mongo = mongo;
        this.clock = clock;
    }

    @EventListener
    void filed(TipFiled event) {
        index(event.code());
    }

    @EventListener
    void answered(TipAnswered event) {
        index(event.code());
    }

    private void index(String code) {
        try {
            tips.byCode(code).ifPresent(this::index);
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
        if (!claim()) {
            return;
        }
        AtomicLong count = new AtomicLong();
        tips.forEach(tip -> {
            index(tip);
            count.incrementAndGet();
        });
        mongo.updateFirst(Query.query(Criteria.where("_id").is(BACKFILL)),
                new Update().set("state", "done").set("doneAt", Date.from(clock.instant())).set("tips", count.get()), META);
        log.info("Scam indicators: {} earlier tips indexed", count.get());
    }

    private boolean claim() {
        Instant now = clock.instant();
        try {
            mongo.insert(new Document("_id", BACKFILL).append("state", "running").append("claimedAt", Date.from(now)), META);
            return true;
        } catch (DuplicateKeyException taken) {
            Document stale = mongo.findAndModify(Query.query(Criteria.where("_id").is(BACKFILL).and("state").is("running")
                            .and("claimedAt").lt(Date.from(now.minus(CLAIM)))),
                    new Update().set("claimedAt", Date.from(now)), FindAndModifyOptions.options().returnNew(true),
                    Document.class, META);
            return stale != null;
        }
    }
}
