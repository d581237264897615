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
import org.springframework.util.function.SingletonSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import vn.tipline.abuse.AbuseProperties;
import vn.tipline.conversation.Folding;
import vn.tipline.store.StoreLocation;

import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Files tips and answers for their status. */
@Service
public class TipService {

    private static final Logger log = LoggerFactory.getLogger(TipService.class);
    private static final int CODE_ATTEMPTS = 5;
    static final String QUOTA = "tip_quota";
    private static final String TIPS = "tips";
    /** Not a reporter key (those are base64url HMACs): marks the quota documents as seeded. */
    private static final String QUOTA_SEEDED = "#seeded";

    private final TipRepository tips;
    private final ReceiptCodes codes = new ReceiptCodes();
    private final EventTimes eventTimes;
    private final Clock clock;
    private final AbuseProperties limits;
    private final MeterRegistry registry;
    /** Looked up at the first filing, not at every one: the bean factory's search was 5% of a filing's samples. */
    private final Supplier<TipRouter> router;
    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final GridFsEvidenceStore evidence;
    private final Deadlines deadlines;
    /**
     * On the embedded store, which this process alone writes, each reporter's filing times as last read,
     * least recently used first (bounded): a quota is checked twice per tip (before the summary, and at
     * filing) and written once, so the second check reads no store. Every write goes through
     * {@link #countAgainstQuota}, which drops the copy. Null with a shared MongoDB.
     */
    private final Map<String, List<Date>> quotas;
    /** Guarded by {@link #quotas}: grows with each write, so a read that raced one is not kept. */
    private long quotaWrites;
    static final int QUOTAS_KEPT = 10_000;

    TipService(TipRepository tips, Clock clock, AbuseProperties limits, MeterRegistry registry,
               ObjectProvider<TipRouter> router, MongoTemplate mongo, ApplicationEventPublisher events,
               GridFsEvidenceStore evidence, Deadlines deadlines, ObjectProvider<StoreLocation> store) {
        this.quotas = StoreLocation.isSoleInstance(store) ? new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Date>> eldest) {
                return size() > QUOTAS_KEPT;
            }
        } : null;
        this.deadlines = deadlines;
        this.events = events;
        this.evidence = evidence;
        this.tips = tips;
        this.clock = clock;
        this.eventTimes = new EventTimes(clock);
        this.limits = limits;
        this.registry = registry;
        this.router = SingletonSupplier.of(router::getIfAvailable);
        this.mongo = mongo;
        seedQuotasOnce();
    }

    /**
     * Whether the reporter may file another tip now (per-hour and per-day limits). Read from the
     * reporter's own {@code tip_quota} document (by key), not by counting tips: the embedded store
     * would scan every tip ever filed to count them, twice per check.
     */
    public boolean withinQuota(String reporterKey) {
        Instant now = clock.instant();
        int lastHour = 0;
        int lastDay = 0;
        for (Date at : filedTimes(reporterKey)) {
            Instant when = at.toInstant();
            if (when.isAfter(now.minus(Duration.ofHours(1)))) {
                lastHour++;
            }
            if (when.isAfter(now.minus(Duration.ofDays(1)))) {
                lastDay++;
            }
        }
        return lastHour < limits.tipsPerHour() && lastDay < limits.tipsPerDay();
    }

    /** When the reporter filed last (as many times as a limit counts), from the copy kept here when there is one. */
    private List<Date> filedTimes(String reporterKey) {
        long seen;
        if (quotas != null) {
            synchronized (quotas) {
                List<Date> kept = quotas.get(reporterKey);
                if (kept != null) {
                    return kept;
                }
                seen = quotaWrites;
            }
        } else {
            seen = 0;
        }
        Document quota = mongo.findById(reporterKey, Document.class, QUOTA);
        List<?> stored = quota == null ? null : quota.get("filed", List.class);
        List<Date> filed = stored == null ? List.of() : stored.stream().map(Date.class::cast).toList();
        if (quotas != null) {
            synchronized (quotas) {
                // Kept only if no filing was counted while the read was on its way.
                if (quotaWrites == seen) {
                    quotas.put(reporterKey, filed);
                }
            }
        }
        return filed;
    }

    /** Notes a filed tip in its reporter's quota document, keeping only as many times as a limit counts. */
    private void countAgainstQuota(String reporterKey, Instant at) {
        int keep = Math.max(limits.tipsPerHour(), limits.tipsPerDay());
        try {
            mongo.upsert(Query.query(Criteria.where("_id").is(reporterKey)),
                    new Update().push("filed").slice(-keep).each(Date.from(at)), QUOTA);
        } finally {
            if (quotas != null) {
                synchronized (quotas) {
                    // Read again next time: the same push and slice applied here could differ from the
                    // store's if the write failed half-way or another writer slipped in.
                    quotas.remove(reporterKey);
                    quotaWrites++;
                }
            }
        }
    }

    /**
     * Once per store: the quota documents of reporters who filed in the last day, from the tips
     * themselves (tips filed before quota documents existed). A crash between a tip and its quota
     * entry only makes the limit one tip more lenient.
     */
    private void seedQuotasOnce() {
        if (mongo.findById(QUOTA_SEEDED, Document.class, QUOTA) != null) {
            return;
        }
        Query recent = Query.query(Criteria.where("createdAt").gt(clock.instant().minus(Duration.ofDays(1))));
        recent.fields().include("reporterKey", "createdAt");
        Map<String, List<Date>> byReporter = new HashMap<>();
        for (Document tip : mongo.find(recent, Document.class, TIPS)) {
            if (tip.getString("reporterKey") != null && tip.getDate("createdAt") != null) {
                byReporter.computeIfAbsent(tip.getString("reporterKey"), k -> new ArrayList<>()).add(tip.getDate("createdAt"));
            }
        }
        byReporter.forEach((reporter, times) -> {
            times.sort(null);
            mongo.upsert(Query.query(Criteria.where("_id").is(reporter)), new Update().set("filed", times), QUOTA);
        });
        mongo.upsert(Query.query(Criteria.where("_id").is(QUOTA_SEEDED)), new Update().set("at", Date.from(clock.instant())), QUOTA);
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
        // Before the tip exists: the conversation drops its draft once filed, which must not delete these.
        evidence.claim(draft.attachments());
        String searchText = Folding.fold(String.join(" ", draft.description(),
                draft.place() == null || draft.place().text() == null ? "" : draft.place().text()));
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            Tip tip = new Tip(codes.next(), draft.submissionKey(), draft.topic(), draft.description(), searchText,
                    draft.place(), draft.eventTime(), draft.attachments(), draft.anonymous(),
                    draft.anonymous() ? null : draft.contact(), draft.reporterKey(), draft.urgent(), draft.channel(),
                    draft.language(), clock.instant());
            tip.dueBy(deadlines.dueAt(tip.getCreatedAt()));
            eventTimes.read(draft.eventTime()).ifPresent(tip::happened);
            TipRouter tipRouter = router.get();
            if (tipRouter != null) {
                TipRouter.Routing routing = tipRouter.route(draft.place(), chosenUnit);
                tip.routeTo(routing.unit(), routing.province(), routing.method());
            }
            try {
                // Not looked up first: the unique index on submissionKey turns a second filing of the same
                // submission (a replay after a crash, a double press) into a duplicate key, answered below.
                // The look-up cost a store command at every filing for a case that is rare.
                Tip saved = tips.insert(tip);
                countAgainstQuota(saved.getReporterKey(), saved.getCreatedAt());
                registry.counter("tipline.tips.filed", "channel", String.valueOf(saved.getChannel()),
                        "topic", saved.getTopic().name(), "urgent", String.valueOf(saved.isUrgent())).increment();
                log.info("Tip {} filed (topic {}, channel {}, urgent {}, unit {} by {})", saved.getCode(), saved.getTopic(),
                        saved.getChannel(), saved.isUrgent(), saved.getUnit(), saved.getRouting());
                events.publishEvent(new TipFiled(saved.getCode(), saved.getTopic(), saved.getUnit(), saved.isUrgent()));
                events.publishEvent(new TipTextsFiled(TipTexts.written(saved)));
                return saved;
            } catch (DuplicateKeyException e) {
                Optional<Tip> filed = tips.findBySubmissionKey(draft.submissionKey());
                if (filed.isPresent()) {
                    return filed.get();
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

    /** The reporter asks for status notices; a targeted update, so no officer's concurrent edit is lost. */
    void notifyReporter(Tip tip) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())), new Update().set("notifyReporter", true), Tip.class);
        log.info("Tip {}: the reporter asked for status notices", tip.getCode());
    }

    /** Receipt codes as the bot writes them inside a message (a channel may mark them up for copying). */
    public static Pattern receiptCodeInText() {
        return ReceiptCodes.IN_TEXT;
    }

    public static boolean isWellFormedCode(String typed) {
        return ReceiptCodes.normalize(typed).isPresent();
    }
}
