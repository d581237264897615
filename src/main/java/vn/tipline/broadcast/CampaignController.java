package vn.tipline.broadcast;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.tipline.account.ApiSecurity;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Awareness campaigns: officers and supervisors draft, a supervisor or administrator other than the
 * author approves, anyone signed in schedules, pauses, resumes or cancels and watches progress.
 * Every change is audited (by campaign id; the text is not copied into the audit log).
 */
@RestController
@RequestMapping("/api/admin/campaigns")
@Tag(name = "Broadcast campaigns")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
class CampaignController {

    private final Campaigns campaigns;
    private final AuditLog audit;

    CampaignController(Campaigns campaigns, AuditLog audit) {
        this.campaigns = campaigns;
        this.audit = audit;
    }

    record DraftRequest(String title, String textVi, String textEn, Audience audience, Instant sendAt) {
    }

    record ScheduleRequest(Instant sendAt) {
    }

    record Preview(long subscribers) {
    }

    static Campaigns.Actor actor(Officer officer) {
        return Campaigns.Actor.of(officer);
    }

    @GetMapping
    @Operation(summary = "Campaigns, newest first, with their progress")
    List<Campaign> list() {
        return campaigns.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One campaign and its progress (audience reached, queued, sent, failed, blocked, opted out)")
    Campaign get(@PathVariable String id) {
        return campaigns.get(id);
    }

    @PostMapping("/preview")
    @Operation(summary = "How many active subscribers an audience reaches now")
    Preview preview(@RequestBody(required = false) Audience audience) {
        return new Preview(campaigns.preview(audience == null ? new Audience(null, null, null, null) : audience));
    }

    @PostMapping
    @Operation(summary = "Draft a campaign (any account): text in Vietnamese, optionally English, an audience (it may reach nobody yet)")
    ResponseEntity<Campaign> create(@Parameter(hidden = true) Officer officer, @RequestBody DraftRequest request) {
        Campaign campaign = audited(officer, AuditLog.Action.CAMPAIGN_CREATE, null, () -> campaigns.create(actor(officer),
                new Campaigns.Draft(request.title(), request.textVi(), request.textEn(), request.audience(),
                        request.sendAt())));
        return ResponseEntity.created(URI.create("/api/admin/campaigns/" + campaign.id())).body(campaign);
    }

    @PutMapping(path = "/{id}/image", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Set a draft's picture (multipart field \"image\": JPEG, PNG, GIF or BMP up to TIPLINE_BROADCAST_MAX_IMAGE; "
            + "re-encoded without metadata)")
    Campaign setImage(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                      @RequestPart("image") MultipartFile image) throws IOException {
        byte[] data = image.getBytes();
        return audited(officer, AuditLog.Action.CAMPAIGN_IMAGE, id, () -> campaigns.setImage(actor(officer), id, data));
    }

    @DeleteMapping("/{id}/image")
    @Operation(summary = "Take a draft's picture away")
    Campaign removeImage(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        return audited(officer, AuditLog.Action.CAMPAIGN_IMAGE, id, () -> campaigns.removeImage(actor(officer), id));
    }

    @GetMapping("/{id}/image")
    @Operation(summary = "A campaign's picture (404 when it has none)")
    ResponseEntity<Resource> image(@PathVariable String id) {
        return imageResponse(campaigns, id);
    }

    /** A campaign's picture as an HTTP answer (404 without one); the officers' page serves it the same way. */
    static ResponseEntity<Resource> imageResponse(Campaigns campaigns, String id) {
        return campaigns.image(id).<ResponseEntity<Resource>>map(file -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(file.getContentType()))
                        .header("X-Content-Type-Options", "nosniff").body(file))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve a draft (a supervisor or administrator who is not its author)")
    Campaign approve(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        return audited(officer, AuditLog.Action.CAMPAIGN_APPROVE, id, () -> campaigns.approve(actor(officer), id));
    }

    @PostMapping("/{id}/schedule")
    @Operation(summary = "Schedule an approved campaign (sendAt: not in the past; absent: the draft's time, else now)")
    Campaign schedule(@Parameter(hidden = true) Officer officer, @PathVariable String id,
                      @RequestBody(required = false) ScheduleRequest request) {
        return audited(officer, AuditLog.Action.CAMPAIGN_SCHEDULE, id,
                () -> campaigns.schedule(actor(officer), id, request == null ? null : request.sendAt()));
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause a scheduled or sending campaign (messages already queued still go)")
    Campaign pause(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        return audited(officer, AuditLog.Action.CAMPAIGN_PAUSE, id, () -> campaigns.pause(actor(officer), id));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a paused campaign")
    Campaign resume(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        return audited(officer, AuditLog.Action.CAMPAIGN_RESUME, id, () -> campaigns.resume(actor(officer), id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a campaign for good")
    Campaign cancel(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        return audited(officer, AuditLog.Action.CAMPAIGN_CANCEL, id, () -> campaigns.cancel(actor(officer), id));
    }

    private Campaign audited(Officer officer, AuditLog.Action action, String id, java.util.function.Supplier<Campaign> change) {
        try {
            Campaign campaign = change.get();
            audit.record(officer.username(), action, campaign.id(), campaign.state().name());
            return campaign;
        } catch (CampaignRefused refused) {
            if (refused.reason() != CampaignRefused.Reason.NOT_FOUND) {
                audit.record(officer.username(), AuditLog.Action.CAMPAIGN_REFUSED, id, action.name() + ":" + refused.reason());
            }
            throw refused;
        }
    }

    @ExceptionHandler(CampaignRefused.class)
    ProblemDetail refused(CampaignRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e.reason()), detail(e.reason()));
        problem.setType(URI.create("urn:tipline:problem:campaign-" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle("Campaign change refused");
        problem.setProperty("reason", e.reason().name());
        return problem;
    }

    static HttpStatus status(CampaignRefused.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ROLE_NOT_ALLOWED, OWN_CAMPAIGN -> HttpStatus.FORBIDDEN;
            case INVALID_TRANSITION -> HttpStatus.CONFLICT;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    private static String detail(CampaignRefused.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "No such campaign.";
            case TEXT_REQUIRED -> "The Vietnamese text is required.";
            case TEXT_TOO_LONG -> "A text is longer than allowed.";
            case TITLE_TOO_LONG -> "The title is longer than allowed.";
            case NO_AUDIENCE -> "No active subscriber matches this audience.";
            case UNKNOWN_PROVINCE -> "An unknown province code is in the audience.";
            case UNKNOWN_COMMUNE -> "An unknown commune code is in the audience.";
            case UNKNOWN_TOPIC -> "An unknown topic is in the audience.";
            case UNKNOWN_CHANNEL -> "An unknown channel is in the audience.";
            case SCHEDULE_IN_PAST -> "The send time is in the past.";
            case SEND_AT_INVALID -> "The send time is not a date and time.";
            case OWN_CAMPAIGN -> "You cannot approve your own campaign; another supervisor or administrator must.";
            case ROLE_NOT_ALLOWED -> "Your role does not allow this.";
            case INVALID_TRANSITION -> "The campaign is not in a state that allows this.";
            case IMAGE_INVALID -> "The picture is not a JPEG, PNG, GIF or BMP image that can be read.";
            case IMAGE_TOO_LARGE -> "The picture is larger than allowed.";
        };
    }
}
