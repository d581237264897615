package vn.tipline.police;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.channel.ReporterMessenger;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.Outbound;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two-way relay between a citizen and a police unit. Citizens' messages arrive through the
 * conversation (flow actions); officers' answers through the admin API, and reach the citizen
 * on their own channel through {@link ReporterMessenger}, which alone knows the chat.
 */
@Service
class RelayService {

    private static final Logger log = LoggerFactory.getLogger(RelayService.class);
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final int MAX_TEXT = 2000;

    private final MongoTemplate mongo;
    private final ReporterMessenger messenger;
    /** Lazily: the flow catalog is built from the flow actions, some of which use this service. */
    private final ObjectProvider<FlowCatalog> catalog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RelayService(MongoTemplate mongo, ReporterMessenger messenger, ObjectProvider<FlowCatalog> catalog,
                 ApplicationEventPublisher events, Clock clock) {
        this.mongo = mongo;
        this.messenger = messenger;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
    }

    /** The citizen's open thread with this unit, or a new one. */
    RelayThread open(String reporterKey, PoliceUnit unit, String language, boolean anonymous, String contact) {
        Optional<RelayThread> existing = openThread(reporterKey, unit.code());
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 5; attempt++) {
            RelayThread thread = new RelayThread(null, newCode(), unit.code(), unit.name(), reporterKey, language, anonymous,
                    anonymous ? null : contact, RelayThread.Status.OPEN, List.of(), now, now, null, null);
            try {
                RelayThread saved = mongo.insert(thread);
                log.info("Relay thread {} opened with {} (anonymous {})", saved.code(), unit.code(), anonymous);
                return saved;
            } catch (DuplicateKeyException codeTaken) {
                // Draw another code.
            }
        }
        throw new IllegalStateException("no free thread code");
    }

    Optional<RelayThread> openThread(String reporterKey, String unit) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("reporterKey").is(reporterKey)
                .and("unit").is(unit).and("status").is(RelayThread.Status.OPEN)), RelayThread.class));
    }

    /** The citizen's most recently active open thread, if any. */
    Optional<RelayThread> latestOpen(String reporterKey) {
        return mongo.find(Query.query(Criteria.where("reporterKey").is(reporterKey).and("status").is(RelayThread.Status.OPEN)),
                RelayThread.class).stream().max(java.util.Comparator.comparing(RelayThread::updatedAt));
    }

    /** Adds a citizen's message; empty if the thread is not theirs or no longer open. */
    Optional<RelayThread> postFromCitizen(String threadId, String reporterKey, String text, boolean urgent, String language) {
        Instant now = clock.instant();
        RelayThread.Message message = new RelayThread.Message(RelayThread.From.CITIZEN, text, now, null, null,
                urgent ? Boolean.TRUE : null);
        RelayThread updated = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(threadId).and("reporterKey").is(reporterKey)
                        .and("status").is(RelayThread.Status.OPEN)),
                new Update().push("messages", message).set("updatedAt", now).set("language", language),
                FindAndModifyOptions.options().returnNew(true), RelayThread.class);
        if (updated != null) {
            log.info("Relay thread {}: citizen message (urgent {})", updated.code(), urgent);
            String province = Optional.ofNullable(mongo.findById(updated.unit(), PoliceUnit.class))
                    .map(u -> PoliceCodes.provinceCode(u.provinceCode())).orElse(null);
            events.publishEvent(new RelayMessagePosted(updated.code(), updated.unit(), province, text, now));
        }
        return Optional.ofNullable(updated);
    }

    void closeByCitizen(String threadId, String reporterKey) {
        Instant now = clock.instant();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId).and("reporterKey").is(reporterKey)
                        .and("status").is(RelayThread.Status.OPEN)),
                new Update().set("status", RelayThread.Status.CLOSED).set("closedAt", now).set("closedBy", "CITIZEN")
                        .set("updatedAt", now), RelayThread.class);
    }

    enum AnswerResult { DELIVERED, QUEUED_UNREACHABLE, NOT_FOUND, CLOSED }

    /** An officer's answer: stored in the thread, and sent to the citizen on their channel. */
    AnswerResult answer(String unit, String code, String text, String by) {
        Optional<RelayThread> thread = find(unit, code);
        if (thread.isEmpty()) {
            return AnswerResult.NOT_FOUND;
        }
        if (thread.get().status() == RelayThread.Status.CLOSED) {
            return AnswerResult.CLOSED;
        }
        RelayThread t = thread.get();
        String rendered = fill(catalog.getObject().texts().get("relay_answer", t.language()),
                Map.of("unit", t.unitName(), "code", t.code(), "text", text));
        boolean delivered = messenger.send(t.reporterKey(), List.of(new Outbound.Text(rendered)));
        Instant now = clock.instant();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(t.id())),
                new Update().push("messages", new RelayThread.Message(RelayThread.From.UNIT, text, now, by, delivered, null))
                        .set("updatedAt", now), RelayThread.class);
        log.info("Relay thread {}: answer from {} (delivered {})", t.code(), unit, delivered);
        return delivered ? AnswerResult.DELIVERED : AnswerResult.QUEUED_UNREACHABLE;
    }

    /** The unit ends the thread; the citizen is told. */
    boolean closeByUnit(String unit, String code, String by) {
        Optional<RelayThread> thread = find(unit, code).filter(t -> t.status() == RelayThread.Status.OPEN);
        if (thread.isEmpty()) {
            return false;
        }
        RelayThread t = thread.get();
        Instant now = clock.instant();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(t.id())),
                new Update().set("status", RelayThread.Status.CLOSED).set("closedAt", now).set("closedBy", "UNIT:" + by)
                        .set("updatedAt", now), RelayThread.class);
        messenger.send(t.reporterKey(), List.of(new Outbound.Text(fill(catalog.getObject().texts().get("relay_closed_by_unit", t.language()),
                Map.of("unit", t.unitName(), "code", t.code())))));
        return true;
    }

    Optional<RelayThread> find(String unit, String code) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("code").is(code)), RelayThread.class))
                .filter(t -> t.unit().equals(unit));
    }

    /** A unit's threads, most recently active first (a full scan: the embedded store ignores non-unique indexes). */
    List<RelayThread> list(String unit, RelayThread.Status status) {
        Query query = Query.query(Criteria.where("unit").is(unit)).with(Sort.by(Sort.Direction.DESC, "updatedAt"));
        if (status != null) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        return mongo.find(query, RelayThread.class);
    }

    private String newCode() {
        StringBuilder sb = new StringBuilder("TN-");
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Fills {@code {{name}}} placeholders of a messages.yaml text. */
    static String fill(String template, Map<String, ?> values) {
        String result = template;
        for (Map.Entry<String, ?> value : values.entrySet()) {
            result = result.replaceAll("\\{\\{\\s*" + java.util.regex.Pattern.quote(value.getKey()) + "\\s*}}",
                    java.util.regex.Matcher.quoteReplacement(String.valueOf(value.getValue())));
        }
        return result;
    }
}
