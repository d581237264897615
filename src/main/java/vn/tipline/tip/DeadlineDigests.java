package vn.tipline.tip;

import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Once a day, at the policy's time (Vietnam), the open tips past or near their time limit, as a
 * {@link DeadlineDigest} event the officers' alerts post. A minute's tick checks whether the time
 * has come; the day is claimed in the store first, so a restart or a second instance sends no
 * second digest that day, and a service down at that time sends it when it comes back.
 */
@Service
class DeadlineDigests {

    private static final Logger log = LoggerFactory.getLogger(DeadlineDigests.class);
    static final String COLLECTION = "tip_digest";
    private static final String ID = "deadlines";

    private final MongoTemplate mongo;
    private final Deadlines deadlines;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeadlineDigests(MongoTemplate mongo, Deadlines deadlines, ApplicationEventPublisher events, Clock clock) {
        this.mongo = mongo;
        this.deadlines = deadlines;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void tick() {
        sendIfDue();
    }

    /** The day's digest, if its time has come and no instance has sent it yet today; empty otherwise. */
    Optional<DeadlineDigest> sendIfDue() {
        ZonedDateTime now = clock.instant().atZone(TipQueue.VIETNAM);
        LocalDate today = now.toLocalDate();
        if (now.toLocalTime().isBefore(deadlines.policy().digestTime()) || !claim(today)) {
            return Optional.empty();
        }
        DeadlineDigest digest = collect(today, now.toInstant());
        if (digest.overdue().isEmpty() && digest.nearDue().isEmpty()) {
            return Optional.empty();
        }
        log.info("Deadline digest {}: {} overdue, {} near due", today, digest.overdue().size(), digest.nearDue().size());
        events.publishEvent(digest);
        return Optional.of(digest);
    }

    /** True for the one caller that marks today as sent: an upsert for a document already at today collides on its id. */
    private boolean claim(LocalDate today) {
        try {
            UpdateResult result = mongo.upsert(Query.query(Criteria.where("_id").is(ID).and("lastDay").ne(today.toString())),
                    new Update().set("lastDay", today.toString()), COLLECTION);
            return result.getMatchedCount() > 0 || result.getUpsertedId() != null;
        } catch (DuplicateKeyException sentToday) {
            return false;
        }
    }

    private DeadlineDigest collect(LocalDate today, Instant now) {
        Instant horizon = now.plus(Duration.ofDays(deadlines.policy().nearDueDays()));
        Query query = Query.query(Criteria.where("status").in(Deadlines.OPEN).and("dueAt").lte(horizon))
                .with(Sort.by("dueAt"));
        query.fields().include("code", "dueAt");
        List<String> overdue = new ArrayList<>();
        List<String> near = new ArrayList<>();
        for (Document tip : mongo.find(query, Document.class, "tips")) {
            (tip.getDate("dueAt").toInstant().isBefore(now) ? overdue : near).add(tip.getString("code"));
        }
        return new DeadlineDigest(today, overdue, near);
    }
}
