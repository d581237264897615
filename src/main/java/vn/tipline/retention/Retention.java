package vn.tipline.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import vn.tipline.broadcast.Subscriptions;
import vn.tipline.channel.ReporterAddressRetention;
import vn.tipline.police.RelayRetention;
import vn.tipline.tip.EvidenceRetention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the retention policy: once a day (by cron), or when an administrator asks. Each feature
 * purges its own data; this class decides when, makes sure one instance runs it at a time (a lease
 * in {@code retention_state} taken with findAndModify), keeps the last run's report, counts
 * (tipline.retention.purged) and tells the audit log ({@link RetentionRan}). Every step selects
 * only what is still there to purge, so a second run purges nothing.
 */
@Service
public class Retention {

    /** Who purges, in the audit log and tips' timelines. */
    public static final String ACTOR = EvidenceRetention.ACTOR;
    static final String COLLECTION = "retention_state";
    static final String ID = "retention";
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final RetentionProperties properties;
    private final MongoTemplate mongo;
    private final EvidenceRetention evidence;
    private final RelayRetention relay;
    private final ReporterAddressRetention addresses;
    private final Subscriptions subscriptions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<String, Counter> purged;
    /** This instance, in the lease. */
    private final String holder = UUID.randomUUID().toString();

    Retention(RetentionProperties properties, MongoTemplate mongo, EvidenceRetention evidence, RelayRetention relay,
              ReporterAddressRetention addresses, Subscriptions subscriptions, ApplicationEventPublisher events,
              Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.mongo = mongo;
        this.evidence = evidence;
        this.relay = relay;
        this.addresses = addresses;
        this.subscriptions = subscriptions;
        this.events = events;
        this.clock = clock;
        this.purged = Map.of(
                "tips", counter(registry, "tips"),
                "attachments", counter(registry, "attachments"),
                "relay_threads", counter(registry, "relay_threads"),
                "addresses", counter(registry, "addresses"));
    }

    private static Counter counter(MeterRegistry registry, String kind) {
        return Counter.builder("tipline.retention.purged")
                .description("Personal data deleted by the retention policy, by kind (tips: tips whose evidence was purged)")
                .tag("kind", kind).register(registry);
    }

    /**
     * The lease and the last run, one document.
     *
     * @param lastDay the day (ISO, in the policy's zone) of the last completed daily run
     */
    @Document(COLLECTION)
    record State(@Id String id, String holder, Instant until, String lastDay, RetentionReport lastRun) {
    }

    public RetentionProperties policy() {
        return properties;
    }

    public Optional<RetentionReport> lastRun() {
        return Optional.ofNullable(mongo.findById(ID, State.class)).map(State::lastRun);
    }

    /** True while some instance holds the lease. */
    public boolean running() {
        State state = mongo.findById(ID, State.class);
        return state != null && state.until() != null && state.until().isAfter(clock.instant());
    }

    @Scheduled(cron = "${tipline.retention.cron:0 0 3 * * *}", zone = "${tipline.retention.zone:Asia/Ho_Chi_Minh}")
    void daily() {
        runDaily();
    }

    /** The daily run, unless another instance ran it today or is running it; empty then. */
    public Optional<RetentionReport> runDaily() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), properties.zone());
        if (!claim(today)) {
            log.debug("Retention: today's run is done or running elsewhere");
            return Optional.empty();
        }
        return Optional.of(execute("scheduled", null, today));
    }

    /** A run now, asked by an administrator; empty if a run is in progress. */
    public Optional<RetentionReport> runNow(String requestedBy) {
        if (!claim(null)) {
            return Optional.empty();
        }
        return Optional.of(execute("manual", requestedBy, null));
    }

    private boolean claim(LocalDate day) {
        if (mongo.findById(ID, State.class) == null) {
            try {
                mongo.insert(new State(ID, null, Instant.EPOCH, null, null));
            } catch (DuplicateKeyException another) {
                // Another instance created it first.
            }
        }
        Instant now = clock.instant();
        Criteria free = Criteria.where("_id").is(ID).and("until").lte(now);
        if (day != null) {
            free = free.and("lastDay").ne(day.toString());
        }
        State claimed = mongo.findAndModify(Query.query(free),
                new Update().set("holder", holder).set("until", now.plus(properties.lease())),
                FindAndModifyOptions.options().returnNew(true), State.class);
        return claimed != null;
    }

    private RetentionReport execute(String trigger, String requestedBy, LocalDate day) {
        Instant started = clock.instant();
        int tips = 0;
        int files = 0;
        int threads = 0;
        int forgotten = 0;
        String error = null;
        try {
            if (properties.attachmentsDays() > 0) {
                EvidenceRetention.Purged p = evidence.purgeAttachments(started.minus(days(properties.attachmentsDays())),
                        properties.attachmentStatuses());
                tips = p.tips();
                files = p.files();
            }
            if (properties.relayDays() > 0) {
                threads = relay.unlinkInactive(started.minus(days(properties.relayDays())));
            }
            if (properties.addressesDays() > 0) {
                Instant cutoff = started.minus(days(properties.addressesDays()));
                Set<String> keep = new HashSet<>(evidence.reportersToKeep(cutoff));
                keep.addAll(relay.reportersWithOpenThreads());
                keep.addAll(subscriptions.activeKeys());
                forgotten = addresses.forgetInactive(cutoff, keep);
            }
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName();
            log.error("Retention run failed ({}); the next run takes up what is left", error);
        }
        purged.get("tips").increment(tips);
        purged.get("attachments").increment(files);
        purged.get("relay_threads").increment(threads);
        purged.get("addresses").increment(forgotten);
        RetentionReport report = new RetentionReport(trigger, started, clock.instant(),
                error == null ? RetentionReport.DONE : RetentionReport.FAILED, tips, files, threads, forgotten, error);
        Update release = new Update().set("until", clock.instant()).set("lastRun", report);
        if (day != null && error == null) {
            release.set("lastDay", day.toString());
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ID).and("holder").is(holder)), release, State.class);
        log.info("Retention run ({}, {}): evidence of {} tip(s) purged ({} file(s)), {} relay thread(s) unlinked, "
                + "{} reporter address(es) forgotten", trigger, report.outcome(), tips, files, threads, forgotten);
        events.publishEvent(new RetentionRan(report, requestedBy));
        return report;
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }
}
