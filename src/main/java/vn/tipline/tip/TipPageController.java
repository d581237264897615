package vn.tipline.tip;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.Refusal;
import vn.tipline.account.UnitNames;
import vn.tipline.system.PageOf;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tip desk's pages (server-rendered, Thymeleaf, no script): queue, tip, statistics, exports.
 * Every text comes from the message bundles; every tip field is written with th:text, so hostile
 * input is shown, never run. Forms carry CSRF tokens (added by Spring Security). The console's
 * shell adds what its layout needs ({@code fmt}, the current path) and renders its errors.
 */
@Controller
@Hidden
@RequestMapping("/admin")
public class TipPageController {

    private static final int PAGE_SIZE = 25;

    private final TipQueue queue;
    private final TipWorkflow workflow;
    private final FollowUps followUps;
    private final Attachments attachments;
    private final Exports exports;
    private final StatsController stats;
    private final AuditLog audit;
    private final Deadlines deadlines;
    private final UnitNames units;
    private final EventTimeLabels eventTimes;

    TipPageController(TipQueue queue, TipWorkflow workflow, FollowUps followUps, Attachments attachments,
                      Exports exports, StatsController stats, AuditLog audit, Deadlines deadlines,
                      ObjectProvider<UnitNames> units, EventTimeLabels eventTimes) {
        this.deadlines = deadlines;
        this.units = units.getIfAvailable(() -> UnitNames.CODES_ONLY);
        this.eventTimes = eventTimes;
        this.queue = queue;
        this.workflow = workflow;
        this.followUps = followUps;
        this.attachments = attachments;
        this.exports = exports;
        this.stats = stats;
        this.audit = audit;
    }

    /** Filters as typed in the form: anything unreadable is ignored rather than answered with an error page. */
    record QueueForm(String status, String topic, String from, String to, String urgent, String attachments, String q,
                     String sort, String assignee) {

        TipFilter filter() {
            return new TipFilter(parse(TipStatus.class, status).map(List::of).orElse(null),
                    parse(Topic.class, topic).map(List::of).orElse(null), date(from), date(to),
                    "on".equals(urgent) ? Boolean.TRUE : null, "on".equals(attachments) ? Boolean.TRUE : null,
                    q == null || q.isBlank() ? null : q, null, assignee == null || assignee.isBlank() ? null : assignee,
                    parse(TipFilter.Sort.class, sort).orElse(null));
        }

        private static <E extends Enum<E>> java.util.Optional<E> parse(Class<E> type, String value) {
            try {
                return value == null || value.isBlank() ? java.util.Optional.empty()
                        : java.util.Optional.of(Enum.valueOf(type, value));
            } catch (IllegalArgumentException e) {
                return java.util.Optional.empty();
            }
        }

        private static LocalDate date(String value) {
            try {
                return value == null || value.isBlank() ? null : LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    @GetMapping
    String queue(Officer officer, QueueForm form, @RequestParam(defaultValue = "0") int page, Model model) {
        TipFilter filter = form.filter();
        int safePage = Math.max(0, Math.min(page, 100_000));
        PageOf<Tip> tips = queue.list(officer, filter, safePage, PAGE_SIZE);
        audit.record(officer.username(), AuditLog.Action.QUEUE_VIEW, null,
                tips.items().size() + " of " + tips.total() + (filter.summary().isEmpty() ? "" : ", " + filter.summary()));
        header(officer, model);
        model.addAttribute("form", form);
        model.addAttribute("tips", tips.map(TipViews::summary));
        model.addAttribute("due", tips.items().stream().collect(Collectors.toMap(Tip::getId, deadlines::view)));
        model.addAttribute("statuses", TipStatus.values());
        model.addAttribute("topics", Topic.values());
        model.addAttribute("sorts", TipFilter.Sort.values());
        return "officer/queue";
    }

    @GetMapping("/tips/{id}")
    String tip(Officer officer, @PathVariable String id, Model model) {
        Tip tip = queue.get(officer, id);
        audit.record(officer.username(), AuditLog.Action.TIP_VIEW, tip.getCode(), null);
        queue.markAnswersRead(officer, tip);
        Tip fresh = queue.get(officer, id);
        header(officer, model);
        model.addAttribute("tip", TipViews.detail(fresh, queue.duplicatesOf(officer, fresh),
                "/admin/tips/" + fresh.getId() + "/attachments", attachments.describe(fresh)));
        model.addAttribute("duplicateAllowed", TipWorkflow.nextStatuses(fresh.getStatus()).contains(TipStatus.DUPLICATE));
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("me", officer.username());
        model.addAttribute("deadline", deadlines.view(fresh));
        model.addAttribute("deadlineDays", deadlines.policy().deadlineDays());
        // An officer typed the reason: control and bidi characters shown as markers, as every text on the page.
        model.addAttribute("reroutes", fresh.getRoutingHistory().stream().map(r -> new Tip.Reroute(r.from(), r.to(),
                VisibleText.of(r.reason()), r.by(), r.at())).toList());
        model.addAttribute("eventTime", eventTimes.key(fresh.getEventTime()).orElse(null));
        return "officer/tip";
    }

    @PostMapping("/tips/{id}/status")
    String status(Officer officer, @PathVariable String id, @RequestParam String status,
                  @RequestParam(required = false) String duplicateOf, @RequestParam long version,
                  RedirectAttributes flash) {
        return act(id, flash, "flash.saved", () -> workflow.changeStatus(officer, id, version,
                QueueForm.parse(TipStatus.class, status).orElseThrow(Refusal.INVALID_TRANSITION::exception), duplicateOf));
    }

    @PostMapping("/tips/{id}/assign")
    String assign(Officer officer, @PathVariable String id, @RequestParam(required = false) String assignee,
                  @RequestParam long version, RedirectAttributes flash) {
        return act(id, flash, "flash.saved", () -> workflow.assign(officer, id, version, assignee));
    }

    @PostMapping("/tips/{id}/tags")
    String tags(Officer officer, @PathVariable String id, @RequestParam(defaultValue = "") String tags,
                @RequestParam long version, RedirectAttributes flash) {
        return act(id, flash, "flash.saved", () -> workflow.setTags(officer, id, version, Arrays.asList(tags.split(","))));
    }

    @PostMapping("/tips/{id}/outcome")
    String outcome(Officer officer, @PathVariable String id, @RequestParam(required = false) String valuable,
                   @RequestParam(required = false) List<String> outcomes, @RequestParam long version,
                   RedirectAttributes flash) {
        Set<Outcome> chosen = EnumSet.noneOf(Outcome.class);
        if (outcomes != null) {
            outcomes.forEach(o -> QueueForm.parse(Outcome.class, o).ifPresent(chosen::add));
        }
        return act(id, flash, "flash.saved", () -> workflow.setOutcome(officer, id, version, "on".equals(valuable), chosen));
    }

    @PostMapping("/tips/{id}/deadline")
    String deadline(Officer officer, @PathVariable String id, @RequestParam(required = false) String until,
                    @RequestParam(defaultValue = "") String reason, @RequestParam long version,
                    RedirectAttributes flash) {
        String page = act(id, flash, "flash.deadline_extended",
                () -> workflow.extendDeadline(officer, id, version, QueueForm.date(until), reason));
        if (flash.getFlashAttributes().containsKey("error")) {
            flash.addFlashAttribute("draftUntil", until);
            flash.addFlashAttribute("draftReason", reason);
        }
        return page;
    }

    @PostMapping("/tips/{id}/notes")
    String note(Officer officer, @PathVariable String id, @RequestParam(defaultValue = "") String text,
                RedirectAttributes flash) {
        String page = act(id, flash, "flash.note_added", () -> workflow.addNote(officer, id, text));
        if (flash.getFlashAttributes().containsKey("error")) {
            flash.addFlashAttribute("draftNote", text);
        }
        return page;
    }

    @PostMapping("/tips/{id}/questions")
    String question(Officer officer, @PathVariable String id, @RequestParam(defaultValue = "") String text,
                    RedirectAttributes flash) {
        try {
            FollowUps.Asked asked = followUps.ask(officer, id, text);
            flash.addFlashAttribute("message", asked.delivered() ? "flash.question_sent" : "flash.question_undelivered");
        } catch (Refusal.Refused e) {
            flash.addFlashAttribute("error", e.reason().messageKey());
            flash.addFlashAttribute("draftQuestion", text);
        }
        return "redirect:/admin/tips/" + id;
    }

    @GetMapping("/tips/{id}/attachments/{attachmentId}")
    ResponseEntity<InputStreamResource> attachment(Officer officer, @PathVariable String id, @PathVariable String attachmentId,
                                                   @RequestHeader(value = HttpHeaders.RANGE, required = false) String range)
            throws IOException {
        Tip tip = queue.get(officer, id);
        return EvidenceResponses.of(attachments.open(officer, tip, attachmentId, EvidenceResponses.isFirstRead(range))
                .orElseThrow(TipNotFound::new), range);
    }

    @GetMapping("/export.csv")
    ResponseEntity<StreamingResponseBody> export(Officer officer, QueueForm form) {
        return TipController.csv("tips.csv", exports.tips(officer, form.filter()));
    }

    @GetMapping("/stats")
    String statistics(Officer officer, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String granularity,
                      Model model) {
        TipStatistics.Report report;
        try {
            report = stats.report(officer, QueueForm.date(from), QueueForm.date(to),
                    QueueForm.parse(TipStatistics.Granularity.class, granularity).orElse(null));
        } catch (Refusal.Refused e) {
            model.addAttribute("error", e.reason().messageKey());
            report = stats.report(officer, null, null, null);
        }
        audit.record(officer.username(), AuditLog.Action.STATS_VIEW, null,
                report.from() + ".." + report.to() + " by " + report.granularity());
        header(officer, model);
        model.addAttribute("report", report);
        model.addAttribute("chart", PageFormat.chart(report.series()));
        model.addAttribute("granularities", TipStatistics.Granularity.values());
        return "officer/stats";
    }

    @GetMapping("/stats.csv")
    ResponseEntity<StreamingResponseBody> statisticsCsv(Officer officer, @RequestParam(required = false) String from,
                                                        @RequestParam(required = false) String to,
                                                        @RequestParam(required = false) String granularity) {
        TipStatistics.Report report = stats.report(officer, QueueForm.date(from), QueueForm.date(to),
                QueueForm.parse(TipStatistics.Granularity.class, granularity).orElse(null));
        return TipController.csv("statistics.csv", exports.statistics(officer, report));
    }

    @ExceptionHandler(TipNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("fmt", new PageFormat());
        return "officer/not-found";
    }

    private void header(Officer officer, Model model) {
        model.addAttribute("officer", officer);
        model.addAttribute("units", units);
        model.addAttribute("newAnswers", queue.unreadAnswers(officer));
    }

    /** Runs a change and comes back to the tip, with what happened as a one-time message. */
    private String act(String id, RedirectAttributes flash, String success, Runnable change) {
        try {
            change.run();
            flash.addFlashAttribute("message", success);
        } catch (EditConflict e) {
            flash.addFlashAttribute("error", "flash.conflict");
        } catch (Refusal.Refused e) {
            flash.addFlashAttribute("error", e.reason().messageKey());
        }
        return "redirect:/admin/tips/" + id;
    }
}
