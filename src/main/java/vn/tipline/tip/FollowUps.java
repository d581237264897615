package vn.tipline.tip;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.Refusal;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.conversation.Folding;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.Outbound;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Anonymous follow-up: an officer's question goes to the reporter through their pseudonymous
 * key, on the channel they used, with a "Reply" button that opens the {@code followup} flow
 * ({@code /reply CODE}). The reporter's answer joins the tip's timeline and flags the tip for
 * its assignee. The officer never learns the chat; the reporter can also find pending questions
 * with the receipt code ({@code /status CODE}), from any chat.
 */
@Service
class FollowUps {

    private static final Logger log = LoggerFactory.getLogger(FollowUps.class);
    static final String QUESTION_TEXT = "followup_question";
    static final String REPLY_BUTTON = "followup_reply_button";
    static final String DELIVERED = "delivered";
    static final String UNDELIVERED = "undelivered";
    static final int MAX_QUESTION = 1000;

    private final TipQueue queue;
    private final TipWorkflow workflow;
    private final ReporterMessages messenger;
    /** Lazily: the flow catalog needs the flow actions, one of which needs this. */
    private final ObjectProvider<FlowCatalog> flows;
    private final MongoTemplate mongo;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    FollowUps(TipQueue queue, TipWorkflow workflow, ReporterMessages messenger, ObjectProvider<FlowCatalog> flows, MongoTemplate mongo,
              AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.clock = clock;
        this.queue = queue;
        this.workflow = workflow;
        this.messenger = messenger;
        this.flows = flows;
        this.mongo = mongo;
        this.audit = audit;
    }

    record Asked(Tip tip, boolean delivered) {
    }

    Asked ask(Officer officer, String id, String question) {
        Tip tip = queue.get(officer, id);
        String text = TipWorkflow.checkText(question);
        if (text.codePointCount(0, text.length()) > MAX_QUESTION) {
            throw Refusal.TEXT_TOO_LONG.exception();
        }
        String language = Languages.supported(tip.getLanguage()) ? tip.getLanguage() : Languages.DEFAULT;
        String message = flows.getObject().texts().get(QUESTION_TEXT, language)
                .replace("{{tip_code}}", tip.getCode()).replace("{{question}}", text);
        Button reply = new Button(flows.getObject().texts().get(REPLY_BUTTON, language), "/reply " + tip.getCode());
        boolean delivered = tip.getReporterKey() != null
                && messenger.send(tip.getReporterKey(), List.of(new Outbound.Choice(message, List.of(reply))));
        workflow.append(tip, workflow.entry(TimelineEntry.Kind.QUESTION, officer.username(), text, null, null,
                List.of(), delivered ? DELIVERED : UNDELIVERED));
        audit.record(officer.username(), AuditLog.Action.TIP_QUESTION, tip.getCode(), delivered ? DELIVERED : UNDELIVERED);
        log.info("Follow-up question on tip {} {}", tip.getCode(), delivered ? "queued for the reporter" : "not deliverable");
        return new Asked(queue.get(officer, id), delivered);
    }

    /** Questions not yet answered, oldest first. */
    static List<TimelineEntry> pending(Tip tip) {
        Set<String> answered = new HashSet<>();
        tip.getTimeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.ANSWER).forEach(e -> answered.addAll(e.refs()));
        return tip.getTimeline().stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.QUESTION && !answered.contains(e.id())).toList();
    }

    enum Answered { SAVED, NO_QUESTION }

    /**
     * The reporter's answer to every pending question. Idempotent per {@code answerId} (one per
     * pass through the flow), so a retried step does not append it twice.
     */
    Answered answer(Tip tip, String answerId, String text, boolean sameChat) {
        List<TimelineEntry> open = pending(tip);
        if (open.isEmpty()) {
            return Answered.NO_QUESTION;
        }
        String clean = Folding.nfc(text).strip();
        TimelineEntry entry = new TimelineEntry(answerId, TimelineEntry.Kind.ANSWER, clock.instant(),
                TimelineEntry.REPORTER, clean, null, null, open.stream().map(TimelineEntry::id).toList(),
                sameChat ? "same_chat" : "receipt_code");
        long written = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(tip.getId()).and("timeline.id").ne(answerId)),
                new Update().push("timeline", entry).inc("unreadAnswers", 1).inc("version", 1)
                        .set("updatedAt", entry.at()), Tip.class).getModifiedCount();
        if (written > 0) {
            log.info("Reporter answered {} question(s) on tip {}", open.size(), tip.getCode());
            events.publishEvent(new TipAnswered(tip.getCode()));
        }
        return Answered.SAVED;
    }
}
