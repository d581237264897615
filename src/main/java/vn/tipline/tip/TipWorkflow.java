package vn.tipline.tip;

import com.mongodb.client.result.UpdateResult;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.account.AccountService;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.Refusal;
import vn.tipline.conversation.Folding;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Officers' changes to a tip. Edits of its fields (status, assignee, tags, outcome) carry the
 * version the officer saw and are written only if the tip still has it: two officers editing at
 * once, the second gets a conflict and nothing of theirs is written. Notes are appended without
 * that check (they overwrite nothing). Every write appends to the timeline and increments the
 * version, in one single-document update.
 */
@Service
class TipWorkflow {

    static final int MAX_TEXT = 2000;
    static final int MAX_TAGS = 10;
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,29}");

    /** Where a tip may go from each status; any closed tip may be reopened for review. */
    static final Map<TipStatus, Set<TipStatus>> TRANSITIONS = Map.of(
            TipStatus.NEW, EnumSet.of(TipStatus.IN_REVIEW, TipStatus.REJECTED_SPAM, TipStatus.DUPLICATE),
            TipStatus.IN_REVIEW, EnumSet.of(TipStatus.ACTIONED, TipStatus.CLOSED, TipStatus.REJECTED_SPAM,
                    TipStatus.DUPLICATE),
            TipStatus.ACTIONED, EnumSet.of(TipStatus.IN_REVIEW),
            TipStatus.CLOSED, EnumSet.of(TipStatus.IN_REVIEW),
            TipStatus.REJECTED_SPAM, EnumSet.of(TipStatus.IN_REVIEW),
            TipStatus.DUPLICATE, EnumSet.of(TipStatus.IN_REVIEW));

    private final MongoTemplate mongo;
    private final TipQueue queue;
    private final AccountService accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final Deadlines deadlines;
    private final StatusNotices notices;

    TipWorkflow(MongoTemplate mongo, TipQueue queue, AccountService accounts, AuditLog audit, Clock clock,
                Deadlines deadlines, StatusNotices notices) {
        this.deadlines = deadlines;
        this.notices = notices;
        this.mongo = mongo;
        this.queue = queue;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    static Set<TipStatus> nextStatuses(TipStatus from) {
        return TRANSITIONS.getOrDefault(from, Set.of());
    }

    Tip changeStatus(Officer officer, String id, long version, TipStatus to, String duplicateOfCode) {
        Tip tip = current(officer, id, version);
        if (to == null || !nextStatuses(tip.getStatus()).contains(to)) {
            throw Refusal.INVALID_TRANSITION.exception();
        }
        Update update = new Update().set("status", to);
        // The timeliness figure counts the last decision; reopening makes the tip open again.
        if (Deadlines.DECIDED.contains(to)) {
            update.set("decidedAt", clock.instant());
        } else {
            update.unset("decidedAt");
        }
        String linked = null;
        if (to == TipStatus.DUPLICATE) {
            if (duplicateOfCode == null || duplicateOfCode.isBlank()) {
                throw Refusal.DUPLICATE_NEEDS_TARGET.exception();
            }
            Tip original = queue.byCode(officer, duplicateOfCode).orElseThrow(Refusal.DUPLICATE_TARGET_UNKNOWN::exception);
            if (original.getId().equals(tip.getId())) {
                throw Refusal.DUPLICATE_OF_ITSELF.exception();
            }
            linked = original.getCode();
            update.set("duplicateOf", linked);
        } else {
            update.unset("duplicateOf");
        }
        String detail = tip.getStatus() + " -> " + to + (linked == null ? "" : " of " + linked);
        // For a duplicate, the entry's detail is the receipt code of the tip it duplicates.
        TimelineEntry entry = entry(TimelineEntry.Kind.STATUS, officer.username(), null, tip.getStatus().name(),
                to.name(), List.of(), linked);
        Tip changed = write(officer, tip, version, update, entry, AuditLog.Action.TIP_STATUS, detail);
        notices.statusChanged(changed, to);
        return changed;
    }

    Tip assign(Officer officer, String id, long version, String assignee) {
        Tip tip = current(officer, id, version);
        String who = assignee == null || assignee.isBlank() ? null
                : "me".equals(assignee.strip()) ? officer.username() : AccountService.normalize(assignee);
        if (who != null) {
            Officer assigned = accounts.enabledOfficer(who).orElseThrow(Refusal.ASSIGNEE_UNKNOWN::exception);
            if (!tip.visibleTo(assigned)) {
                throw Refusal.ASSIGNEE_UNKNOWN.exception();
            }
        }
        Update update = who == null ? new Update().unset("assignee") : new Update().set("assignee", who);
        TimelineEntry entry = entry(TimelineEntry.Kind.ASSIGNED, officer, null, tip.getAssignee(), who);
        return write(officer, tip, version, update, entry, AuditLog.Action.TIP_ASSIGN, tip.getAssignee() + " -> " + who);
    }

    Tip setTags(Officer officer, String id, long version, List<String> tags) {
        Tip tip = current(officer, id, version);
        Set<String> clean = new LinkedHashSet<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String t = Folding.nfc(tag).strip().replaceAll("\\s+", " ");
            if (!TAG.matcher(t).matches()) {
                throw Refusal.TAG_INVALID.exception();
            }
            clean.add(t);
        }
        if (clean.size() > MAX_TAGS) {
            throw Refusal.TOO_MANY_TAGS.exception();
        }
        List<String> list = List.copyOf(clean);
        TimelineEntry entry = entry(TimelineEntry.Kind.TAGS, officer, null, String.join(", ", tip.getTags()),
                String.join(", ", list));
        return write(officer, tip, version, new Update().set("tags", list), entry, AuditLog.Action.TIP_TAGS,
                list.size() + " tags");
    }

    Tip setOutcome(Officer officer, String id, long version, boolean valuable, Set<Outcome> outcomes) {
        Tip tip = current(officer, id, version);
        Set<Outcome> chosen = outcomes == null ? Set.of() : new TreeSet<>(outcomes);
        if (!valuable && !chosen.isEmpty()) {
            throw Refusal.OUTCOME_WITHOUT_VALUABLE.exception();
        }
        String before = describe(tip.isValuable(), tip.getOutcomes());
        String after = describe(valuable, chosen);
        TimelineEntry entry = entry(TimelineEntry.Kind.OUTCOME, officer, null, before, after);
        return write(officer, tip, version, new Update().set("valuable", valuable).set("outcomes", List.copyOf(chosen)),
                entry, AuditLog.Action.TIP_OUTCOME, after);
    }

    static final int MAX_REASON = 500;

    /**
     * Extends the time limit to the end of {@code until} (Vietnam time), with a reason: later than
     * the current due date, and not past the policy's months from receipt (the last day may be
     * shortened to that exact time). In the timeline and the audit log.
     */
    Tip extendDeadline(Officer officer, String id, long version, LocalDate until, String reason) {
        Tip tip = current(officer, id, version);
        Deadlines.View now = deadlines.view(tip);
        String why = checkText(reason);
        if (why.codePointCount(0, why.length()) > MAX_REASON) {
            throw Refusal.TEXT_TOO_LONG.exception();
        }
        if (until == null || !Deadlines.OPEN.contains(tip.getStatus())) {
            throw Refusal.DEADLINE_INVALID.exception();
        }
        // The last second of that day, so the day shown is the day chosen.
        Instant endOfDay = until.plusDays(1).atStartOfDay(TipQueue.VIETNAM).toInstant().minusSeconds(1);
        if (until.isAfter(LocalDate.ofInstant(now.latest(), TipQueue.VIETNAM))) {
            throw Refusal.DEADLINE_TOO_LATE.exception();
        }
        Instant due = endOfDay.isAfter(now.latest()) ? now.latest() : endOfDay;
        if (!due.isAfter(now.dueAt())) {
            throw Refusal.DEADLINE_INVALID.exception();
        }
        TimelineEntry entry = entry(TimelineEntry.Kind.DEADLINE, officer, why, now.dueAt().toString(), due.toString());
        return write(officer, tip, version, new Update().set("dueAt", due), entry, AuditLog.Action.TIP_DEADLINE,
                now.dueAt() + " -> " + due);
    }

    Tip addNote(Officer officer, String id, String text) {
        Tip tip = queue.get(officer, id);
        TimelineEntry entry = entry(TimelineEntry.Kind.NOTE, officer, checkText(text), null, null);
        append(tip, entry);
        audit.record(officer.username(), AuditLog.Action.TIP_NOTE, tip.getCode(), null);
        return queue.get(officer, id);
    }

    /** Appends an entry without checking the version: for things that overwrite nothing. */
    void append(Tip tip, TimelineEntry entry) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())), new Update().push("timeline", entry)
                .set("updatedAt", entry.at()).inc("version", 1), Tip.class);
    }

    static String checkText(String text) {
        String clean = text == null ? "" : Folding.nfc(text).strip();
        if (clean.isEmpty()) {
            throw Refusal.TEXT_EMPTY.exception();
        }
        if (clean.codePointCount(0, clean.length()) > MAX_TEXT) {
            throw Refusal.TEXT_TOO_LONG.exception();
        }
        return clean;
    }

    TimelineEntry entry(TimelineEntry.Kind kind, Officer officer, String text, String before, String after) {
        return entry(kind, officer.username(), text, before, after, List.of(), null);
    }

    TimelineEntry entry(TimelineEntry.Kind kind, String actor, String text, String before, String after,
                        List<String> refs, String detail) {
        return new TimelineEntry(TimelineEntry.newId(), kind, clock.instant(), actor, text, before, after,
                refs, detail);
    }

    /** The tip as the officer saw it: 404 outside their scope, 409 if it changed since. */
    private Tip current(Officer officer, String id, long version) {
        Tip tip = queue.get(officer, id);
        if (!Objects.equals(tip.getVersion(), version)) {
            throw new EditConflict(tip.getVersion());
        }
        return tip;
    }

    private Tip write(Officer officer, Tip tip, long version, Update update, TimelineEntry entry,
                      AuditLog.Action action, String detail) {
        Instant now = entry.at();
        update.set("updatedAt", now).inc("version", 1).push("timeline", entry);
        UpdateResult result = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(tip.getId()).and("version").is(version)), update, Tip.class);
        if (result.getMatchedCount() == 0) {
            Tip latest = mongo.findById(tip.getId(), Tip.class);
            throw new EditConflict(latest == null ? null : latest.getVersion());
        }
        audit.record(officer.username(), action, tip.getCode(), detail);
        return queue.get(officer, tip.getId());
    }

    private static String describe(boolean valuable, Set<Outcome> outcomes) {
        if (!valuable) {
            return "-";
        }
        return outcomes.isEmpty() ? "valuable" : "valuable: " + outcomes.stream().map(Enum::name)
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
