package vn.tipline.tip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import io.micrometer.core.instrument.MeterRegistry;
import vn.tipline.abuse.AbuseProperties;
import vn.tipline.conversation.Folding;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Files tips and answers for their status. */
@Service
public class TipService {

    private static final Logger log = LoggerFactory.getLogger(TipService.class);
    private static final int CODE_ATTEMPTS = 5;

    private final TipRepository tips;
    private final ReceiptCodes codes = new ReceiptCodes();
    private final Clock clock;
    private final AbuseProperties limits;
    private final MeterRegistry registry;
    private final ObjectProvider<TipRouter> router;
    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;

    TipService(TipRepository tips, Clock clock, AbuseProperties limits, MeterRegistry registry,
               ObjectProvider<TipRouter> router, MongoTemplate mongo, ApplicationEventPublisher events) {
        this.events = events;
        this.tips = tips;
        this.clock = clock;
        this.limits = limits;
        this.registry = registry;
        this.router = router;
        this.mongo = mongo;
    }

    /** Whether the reporter may file another tip now (per-hour and per-day limits). */
    public boolean withinQuota(String reporterKey) {
        java.time.Instant now = clock.instant();
        return tips.countByReporterKeyAndCreatedAtAfter(reporterKey, now.minus(java.time.Duration.ofHours(1))) < limits.tipsPerHour()
                && tips.countByReporterKeyAndCreatedAtAfter(reporterKey, now.minus(java.time.Duration.ofDays(1))) < limits.tipsPerDay();
    }

    /** What the report flow gathered. */
    public record NewTip(String submissionKey, Topic topic, String description, Tip.Place place, String eventTime,
                         List<String> attachments, boolean anonymous, String contact, String reporterKey,
                         boolean urgent, String channel, String language) {
    }

    /**
     * Saves the tip and returns it; filing the same submission again returns the tip already
     * saved. Returns only once the store has acknowledged the write.
     */
    public Tip file(NewTip draft) {
        return file(draft, null);
    }

    /** As {@link #file(NewTip)}, for a citizen who picked the police unit in the conversation. */
    public Tip file(NewTip draft, String chosenUnit) {
        Optional<Tip> existing = tips.findBySubmissionKey(draft.submissionKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        String searchText = Folding.fold(String.join(" ", draft.description(),
                draft.place() == null || draft.place().text() == null ? "" : draft.place().text()));
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            Tip tip = new Tip(codes.next(), draft.submissionKey(), draft.topic(), draft.description(), searchText,
                    draft.place(), draft.eventTime(), draft.attachments(), draft.anonymous(),
                    draft.anonymous() ? null : draft.contact(), draft.reporterKey(), draft.urgent(), draft.channel(),
                    draft.language(), clock.instant());
            TipRouter tipRouter = router.getIfAvailable();
            if (tipRouter != null) {
                TipRouter.Routing routing = tipRouter.route(draft.place(), chosenUnit);
                tip.routeTo(routing.unit(), routing.province(), routing.method());
            }
            try {
                Tip saved = tips.insert(tip);
                registry.counter("tipline.tips.filed", "channel", String.valueOf(saved.getChannel()),
                        "topic", saved.getTopic().name(), "urgent", String.valueOf(saved.isUrgent())).increment();
                log.info("Tip {} filed (topic {}, channel {}, urgent {}, unit {} by {})", saved.getCode(), saved.getTopic(),
                        saved.getChannel(), saved.isUrgent(), saved.getUnit(), saved.getRouting());
                events.publishEvent(new TipFiled(saved.getCode(), saved.getTopic(), saved.getUnit(), saved.isUrgent()));
                return saved;
            } catch (DuplicateKeyException e) {
                Optional<Tip> raced = tips.findBySubmissionKey(draft.submissionKey());
                if (raced.isPresent()) {
                    return raced.get();
                }
                // A receipt code collision: draw another.
            }
        }
        throw new IllegalStateException("no free receipt code after " + CODE_ATTEMPTS + " attempts");
    }

    public Optional<Tip> findByCode(String typed) {
        return ReceiptCodes.normalize(typed).flatMap(tips::findByCode);
    }

    /**
     * Moves a tip to another unit's queue, keeping the move in its routing history. One atomic
     * update; the version is raised so that a concurrent save of an older copy fails rather
     * than undoing the move.
     */
    public Optional<Tip> reroute(String typedCode, String unit, String province, String reason, String by) {
        Optional<Tip> tip = findByCode(typedCode);
        if (tip.isEmpty()) {
            return Optional.empty();
        }
        Tip.Reroute move = new Tip.Reroute(tip.get().getUnit(), unit, reason, by, clock.instant());
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.get().getId())),
                new Update().set("unit", unit).set("province", province).push("routingHistory", move).set("updatedAt", move.at()).inc("version", 1),
                Tip.class);
        log.info("Tip {} re-routed from {} to {}", tip.get().getCode(), move.from(), unit);
        return tips.findById(tip.get().getId());
    }

    public static boolean isWellFormedCode(String typed) {
        return ReceiptCodes.normalize(typed).isPresent();
    }
}
