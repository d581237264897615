package vn.tipline.indicator;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Citizens' checks, counted per indicator in memory and written to the store every few seconds,
 * one {@code $inc} per indicator checked since: the count is kept off the citizen's answer. No
 * count is lost between two writes: {@link ConcurrentHashMap#merge} and {@link ConcurrentHashMap#remove}
 * are atomic per key, so a check lands either in the sum being written or in the next one. A write
 * that fails is put back for the next. What a stop loses is at most the counts of a killed process's
 * last seconds; an orderly stop writes them.
 */
@Component
class CheckCounts {

    private static final Logger log = LoggerFactory.getLogger(CheckCounts.class);

    private final IndicatorStore store;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    CheckCounts(IndicatorStore store) {
        this.store = store;
    }

    void add(String id) {
        pending.merge(id, 1L, Long::sum);
    }

    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    @PreDestroy
    void flush() {
        for (String id : pending.keySet()) {
            Long checks = pending.remove(id);
            if (checks == null) {
                continue;
            }
            try {
                store.countChecks(id, checks);
            } catch (RuntimeException e) {
                pending.merge(id, checks, Long::sum);
                log.warn("Scam indicators: check counts not written, kept for the next try ({})", e.getClass().getSimpleName());
                return;
            }
        }
    }
}
