package vn.tipline.account;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who did what to which tip, account, relay thread or police unit, and when. Append-only: this
 * class only inserts and reads; nothing in the service updates or deletes an entry (on a real
 * MongoDB, the service's user can be granted insert and find only on this collection). Entries
 * name tips by receipt code and never hold a tip's text, a search term or a reporter's key;
 * other features record through {@link #record} and never write the collection themselves.
 */
@Service
public class AuditLog {

    public static final String COLLECTION = "officer_audit";
    private static final int MAX_FIELD = 200;

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public enum Action {
        /**
         * LOGIN_THROTTLED: a name became refused from an address. LOGIN_REFUSED_LOCKED and
         * ACCOUNT_LOCKED are no longer written (accounts are not locked any more) but stay, so
         * entries of earlier versions still read.
         */
        LOGIN, LOGIN_FAILED, LOGIN_REFUSED_LOCKED, LOGIN_THROTTLED, ACCOUNT_LOCKED, LOGOUT,
        QUEUE_VIEW, TIP_VIEW, ATTACHMENT_VIEW, TIP_STATUS, TIP_ASSIGN, TIP_TAGS, TIP_OUTCOME, TIP_NOTE, TIP_QUESTION,
        EXPORT_TIPS, EXPORT_STATS, STATS_VIEW, AUDIT_READ,
        /** A tip's time limit extended (the old and new due times in the detail). */
        TIP_DEADLINE,
        ACCOUNT_CREATE, ACCOUNT_UPDATE, ACCOUNT_UNLOCK, PASSWORD_RESET, PASSWORD_CHANGE, TOKEN_CREATE, TOKEN_REVOKE,
        BOOTSTRAP_ADMIN,
        CAMPAIGN_CREATE, CAMPAIGN_APPROVE, CAMPAIGN_SCHEDULE, CAMPAIGN_PAUSE, CAMPAIGN_RESUME, CAMPAIGN_CANCEL,
        CAMPAIGN_REFUSED, CAMPAIGN_IMAGE,
        /** The police feature: relay threads (listed, read, answered, closed), re-routing, the units directory. */
        RELAY_LIST, RELAY_VIEW, RELAY_ANSWER, RELAY_CLOSE, TIP_REROUTE, UNIT_EDIT, UNIT_IMPORT,
        /** The retention policy ran (actor "system/retention", counts in the detail); an administrator asked for a run. */
        RETENTION_RUN, RETENTION_REQUEST,
        /** Scam indicators: an officer confirmed one (used in a crime, with a reason) or cleared it; a warning campaign was drafted from them. */
        INDICATOR_CONFIRM, INDICATOR_CLEAR, INDICATOR_CAMPAIGN
    }

    @Document(COLLECTION)
    public record Entry(@Id String id, Instant at, String actor, Action action, String target, String detail,
                 String address) {
    }

    public void record(String actor, Action action, String target, String detail) {
        mongo.insert(new Entry(null, clock.instant(), clip(actor), action, clip(target), clip(detail), address()));
    }

    public record Filter(String actor, Action action, String target, Instant from, Instant to) {
    }

    /** One page of entries and how many match in all. */
    public record Found(List<Entry> entries, long total) {
    }

    /** Newest first. */
    public Found find(Filter filter, int page, int size) {
        List<Criteria> all = new ArrayList<>();
        if (filter.actor() != null && !filter.actor().isBlank()) {
            all.add(Criteria.where("actor").is(filter.actor().strip().toLowerCase(Locale.ROOT)));
        }
        if (filter.action() != null) {
            all.add(Criteria.where("action").is(filter.action()));
        }
        if (filter.target() != null && !filter.target().isBlank()) {
            all.add(Criteria.where("target").is(filter.target().strip()));
        }
        if (filter.from() != null) {
            all.add(Criteria.where("at").gte(filter.from()));
        }
        if (filter.to() != null) {
            all.add(Criteria.where("at").lt(filter.to()));
        }
        Query query = all.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(all));
        long total = mongo.count(query, Entry.class);
        query.with(Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id"))).skip((long) page * size).limit(size);
        return new Found(mongo.find(query, Entry.class), total);
    }

    private static String clip(String value) {
        if (value == null) {
            return null;
        }
        String flat = value.replaceAll("[\\r\\n\\t]", " ");
        return flat.length() <= MAX_FIELD ? flat : flat.substring(0, MAX_FIELD) + "…";
    }

    private static String address() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }
}
