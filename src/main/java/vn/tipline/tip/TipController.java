package vn.tipline.tip;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.core.io.InputStreamResource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.tipline.account.ApiSecurity;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.system.PageOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** The tip queue for officers: list, read, work on, ask the reporter, export. */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "Officer: tips", description = "The tip queue, scoped to the officer's units or province")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
public class TipController {

    private final TipQueue queue;
    private final TipWorkflow workflow;
    private final FollowUps followUps;
    private final Attachments attachments;
    private final Exports exports;
    private final AuditLog audit;

    TipController(TipQueue queue, TipWorkflow workflow, FollowUps followUps, Attachments attachments, Exports exports,
                  AuditLog audit) {
        this.queue = queue;
        this.workflow = workflow;
        this.followUps = followUps;
        this.attachments = attachments;
        this.exports = exports;
        this.audit = audit;
    }

    record StatusChange(@NotNull TipStatus status,
                        @Parameter(description = "receipt code of the original, for DUPLICATE") String duplicateOf,
                        @NotNull Long version) {
    }

    record Assignment(@Parameter(description = "user name, \"me\", or null to unassign") String assignee,
                      @NotNull Long version) {
    }

    record Tags(@NotNull @Size(max = TipWorkflow.MAX_TAGS) List<String> tags, @NotNull Long version) {
    }

    record OutcomeChange(boolean valuable, Set<Outcome> outcomes, @NotNull Long version) {
    }

    record Text(@NotBlank @Size(max = TipWorkflow.MAX_TEXT) String text) {
    }

    record Question(@NotBlank @Size(max = FollowUps.MAX_QUESTION) String text) {
    }

    record QuestionSent(boolean delivered, TipViews.Detail tip) {
    }

    @GetMapping("/tips")
    @Operation(summary = "The queue: urgent first, then oldest (or as sorted); filters combine")
    PageOf<TipViews.Summary> list(@Parameter(hidden = true) Officer officer,
                                  @RequestParam(required = false) List<TipStatus> status,
                                  @RequestParam(required = false) List<Topic> topic,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                  @RequestParam(required = false) Boolean urgent,
                                  @RequestParam(required = false) Boolean hasAttachments,
                                  @RequestParam(required = false) @Size(max = TipFilter.MAX_QUERY) String q,
                                  @RequestParam(required = false) String unit,
                                  @RequestParam(required = false) String assignee,
                                  @RequestParam(required = false) TipFilter.Sort sort,
                                  @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                  @RequestParam(defaultValue = "25") @Min(1) @Max(TipQueue.MAX_PAGE_SIZE) int size) {
        TipFilter filter = new TipFilter(status, topic, from, to, urgent, hasAttachments, q, unit, assignee, sort);
        PageOf<Tip> tips = queue.list(officer, filter, page, size);
        audit.record(officer.username(), AuditLog.Action.QUEUE_VIEW, null,
                tips.items().size() + " of " + tips.total() + (filter.summary().isEmpty() ? "" : ", " + filter.summary()));
        return tips.map(TipViews::summary);
    }

    @GetMapping("/tips/{id}")
    @Operation(summary = "One tip with its timeline; opening it clears the assignee's new-answer flag")
    TipViews.Detail get(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        Tip tip = queue.get(officer, id);
        audit.record(officer.username(), AuditLog.Action.TIP_VIEW, tip.getCode(), null);
        queue.markAnswersRead(officer, tip);
        return detail(officer, queue.get(officer, id));
    }

    @PostMapping("/tips/{id}/status")
    @Operation(summary = "Move the tip on (NEW -> IN_REVIEW -> ACTIONED/CLOSED/REJECTED_SPAM, DUPLICATE with a link); "
            + "409 if it changed since `version`")
    TipViews.Detail status(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                           @Valid @RequestBody StatusChange change) {
        return detail(officer, workflow.changeStatus(officer, id, change.version(), change.status(), change.duplicateOf()));
    }

    @PutMapping("/tips/{id}/assignee")
    @Operation(summary = "Assign (or claim with \"me\", or unassign with null); 409 if the tip changed since `version`")
    TipViews.Detail assign(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                           @Valid @RequestBody Assignment change) {
        return detail(officer, workflow.assign(officer, id, change.version(), change.assignee()));
    }

    @PutMapping("/tips/{id}/tags")
    @Operation(summary = "Replace the tags; 409 if the tip changed since `version`")
    TipViews.Detail tags(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                         @Valid @RequestBody Tags change) {
        return detail(officer, workflow.setTags(officer, id, change.version(), change.tags()));
    }

    @PutMapping("/tips/{id}/outcome")
    @Operation(summary = "Mark valuable (có giá trị) and what it led to; 409 if the tip changed since `version`")
    TipViews.Detail outcome(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                            @Valid @RequestBody OutcomeChange change) {
        return detail(officer, workflow.setOutcome(officer, id, change.version(), change.valuable(), change.outcomes()));
    }

    @PostMapping("/tips/{id}/notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an internal note (never shown to the reporter)")
    ResponseEntity<TipViews.Detail> note(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                                         @Valid @RequestBody Text note) {
        return ResponseEntity.status(HttpStatus.CREATED).body(detail(officer, workflow.addNote(officer, id, note.text())));
    }

    @PostMapping("/tips/{id}/questions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask the reporter a follow-up question through their channel, without learning who they are")
    ResponseEntity<QuestionSent> ask(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                                     @Valid @RequestBody Question question) {
        FollowUps.Asked asked = followUps.ask(officer, id, question.text());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new QuestionSent(asked.delivered(), detail(officer, asked.tip())));
    }

    @GetMapping("/tips/{id}/attachments/{attachmentId}")
    @Operation(summary = "An evidence file (photo, audio, video, PDF), streamed; Range requests answered with 206 "
            + "(metadata was removed on receipt unless the tip says it could not be)")
    ResponseEntity<InputStreamResource> attachment(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                                                   @PathVariable String attachmentId,
                                                   @RequestHeader(value = HttpHeaders.RANGE, required = false) String range)
            throws IOException {
        Tip tip = queue.get(officer, id);
        return EvidenceResponses.of(attachments.open(officer, tip, attachmentId, EvidenceResponses.isFirstRead(range))
                .orElseThrow(TipNotFound::new), range);
    }

    @GetMapping(path = "/exports/tips.csv", produces = "text/csv")
    @Operation(summary = "The filtered queue as CSV (UTF-8 with BOM for Excel), streamed")
    ResponseEntity<StreamingResponseBody> export(@Parameter(hidden = true) Officer officer,
                                                 @RequestParam(required = false) List<TipStatus> status,
                                                 @RequestParam(required = false) List<Topic> topic,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                                 @RequestParam(required = false) Boolean urgent,
                                                 @RequestParam(required = false) Boolean hasAttachments,
                                                 @RequestParam(required = false) @Size(max = TipFilter.MAX_QUERY) String q,
                                                 @RequestParam(required = false) String unit,
                                                 @RequestParam(required = false) String assignee,
                                                 @RequestParam(required = false) TipFilter.Sort sort) {
        TipFilter filter = new TipFilter(status, topic, from, to, urgent, hasAttachments, q, unit, assignee, sort);
        return csv("tips.csv", exports.tips(officer, filter));
    }

    private TipViews.Detail detail(Officer officer, Tip tip) {
        return TipViews.detail(tip, queue.duplicatesOf(officer, tip), "/api/admin/tips/" + tip.getId() + "/attachments",
                attachments.describe(tip));
    }


    static ResponseEntity<StreamingResponseBody> csv(String filename, Exports.Writer writer) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore().cachePrivate())
                .header("Content-Disposition", ContentDisposition.attachment().filename(filename).build().toString())
                .body(writer::writeTo);
    }
}
