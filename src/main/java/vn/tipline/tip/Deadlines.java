package vn.tipline.tip;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The time limit on each tip (art. 147 of the Criminal Procedure Code 2015): due a number of days
 * after receipt, extendable with a reason up to a number of months after receipt.
 *
 * <p>The due date is stored on the tip when it is filed, so the queue can sort and filter by it in
 * the store, and a later change of the policy does not move the limits of tips already received.
 * Tips filed before due dates existed get theirs once, at start ({@link #backfill}), from their
 * receipt time: computing it at each read would leave them out of the store's sort.
 */
@Service
class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    /** Still to be decided. */
    static final Set<TipStatus> OPEN = EnumSet.of(TipStatus.NEW, TipStatus.IN_REVIEW);
    /** Decided, for the timeliness figure: acted on, closed, or rejected as spam. A duplicate is decided with its original. */
    static final Set<TipStatus> DECIDED = EnumSet.of(TipStatus.ACTIONED, TipStatus.CLOSED, TipStatus.REJECTED_SPAM);

    enum State { ON_TIME, NEAR_DUE, OVERDUE, DECIDED, NONE }

    /**
     * A tip's limit as the pages show it.
     *
     * @param daysLeft whole calendar days (Vietnam) from today to the due date; negative once overdue
     * @param latest   the last day an extension may reach
     */
    record View(Instant dueAt, State state, long daysLeft, Instant latest) {

        public boolean flagged() {
            return state == State.NEAR_DUE || state == State.OVERDUE;
        }
    }

    private final DeadlineProperties policy;
    private final Clock clock;

    Deadlines(DeadlineProperties policy, Clock clock, MongoTemplate mongo) {
        this.policy = policy;
        this.clock = clock;
        backfill(mongo);
    }

    DeadlineProperties policy() {
        return policy;
    }

    Instant dueAt(Instant receivedAt) {
        return receivedAt.plus(Duration.ofDays(policy.deadlineDays()));
    }

    /** The latest an extension may set: the same time of day, the policy's months after receipt (Vietnam calendar). */
    Instant latest(Instant receivedAt) {
        return receivedAt.atZone(TipQueue.VIETNAM).plusMonths(policy.deadlineMaxMonths()).toInstant();
    }

    View view(Tip tip) {
        Instant due = tip.getDueAt() != null ? tip.getDueAt() : dueAt(tip.getCreatedAt());
        Instant now = clock.instant();
        long daysLeft = ChronoUnit.DAYS.between(LocalDate.ofInstant(now, TipQueue.VIETNAM),
                LocalDate.ofInstant(due, TipQueue.VIETNAM));
        State state;
        if (DECIDED.contains(tip.getStatus())) {
            state = State.DECIDED;
        } else if (!OPEN.contains(tip.getStatus())) {
            state = State.NONE;
        } else if (now.isAfter(due)) {
            state = State.OVERDUE;
        } else if (!now.plus(Duration.ofDays(policy.nearDueDays())).isBefore(due)) {
            state = State.NEAR_DUE;
        } else {
            state = State.ON_TIME;
        }
        return new View(due, state, daysLeft, latest(tip.getCreatedAt()));
    }

    /** Whether a decided tip was decided by its due date. */
    static boolean decidedInTime(Tip tip) {
        return tip.getDecidedAt() != null && tip.getDueAt() != null && !tip.getDecidedAt().isAfter(tip.getDueAt());
    }

    /**
     * Once per store, and a no-op after: due dates from receipt for tips filed before they
     * existed, and the decision time of those already decided (their last status change).
     */
    private void backfill(MongoTemplate mongo) {
        Query missing = Query.query(Criteria.where("dueAt").exists(false));
        missing.fields().include("createdAt", "status", "timeline", "updatedAt");
        int count = 0;
        for (Document tip : mongo.find(missing, Document.class, "tips")) {
            Date created = tip.getDate("createdAt");
            if (created == null) {
                continue;
            }
            Update update = new Update().set("dueAt", dueAt(created.toInstant()));
            Instant decided = decidedAt(tip);
            if (decided != null) {
                update.set("decidedAt", decided);
            }
            mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.get("_id")).and("dueAt").exists(false)), update,
                    "tips");
            count++;
        }
        if (count > 0) {
            log.info("Due dates set on {} tips filed before tips carried one ({} days from receipt)", count,
                    policy.deadlineDays());
        }
    }

    private static Instant decidedAt(Document tip) {
        String status = tip.getString("status");
        if (status == null || DECIDED.stream().noneMatch(s -> s.name().equals(status))) {
            return null;
        }
        Instant last = null;
        for (Object e : tip.getList("timeline", Object.class, List.of())) {
            if (e instanceof Document entry && "STATUS".equals(entry.getString("kind")) && status.equals(entry.getString("after"))
                    && entry.getDate("at") != null) {
                last = entry.getDate("at").toInstant();
            }
        }
        return last != null ? last : tip.getDate("updatedAt") == null ? null : tip.getDate("updatedAt").toInstant();
    }
}
