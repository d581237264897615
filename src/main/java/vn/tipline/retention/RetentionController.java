package vn.tipline.retention;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.tipline.account.ApiSecurity;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.tip.TipStatus;

import java.net.URI;
import java.util.List;

/** The retention policy, its last run, and a run on demand: for administrators (the security rules keep everyone else out). */
@RestController
@RequestMapping("/api/admin/retention")
@Tag(name = "Officer: retention policy", description = "ADMIN only")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
class RetentionController {

    private final Retention retention;
    private final AuditLog audit;

    RetentionController(Retention retention, AuditLog audit) {
        this.retention = retention;
        this.audit = audit;
    }

    /**
     * @param attachmentsDays evidence photos of tips in {@code attachmentStatuses} unchanged this many days are deleted (0: never)
     * @param keepsValuable   a tip marked valuable always keeps its evidence
     * @param schedule        cron expression of the daily run ("-": none), in {@code zone}
     */
    record Policy(int attachmentsDays, List<TipStatus> attachmentStatuses, boolean keepsValuable, int relayDays,
                  int addressesDays, String schedule, String zone) {
    }

    record Status(Policy policy, boolean running, RetentionReport lastRun) {
    }

    @GetMapping
    @Operation(summary = "The retention policy in force, whether a run is in progress, and the last run's counts")
    Status status() {
        RetentionProperties p = retention.policy();
        return new Status(new Policy(p.attachmentsDays(), p.attachmentStatuses(), true, p.relayDays(), p.addressesDays(),
                p.cron(), p.zone().getId()), retention.running(), retention.lastRun().orElse(null));
    }

    @PostMapping("/run")
    @Operation(summary = "Run the retention policy now (it also runs daily by itself); answers with the counts")
    @ApiResponse(responseCode = "200", description = "The run's report")
    @ApiResponse(responseCode = "409", description = "A run is already in progress on some instance",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    ResponseEntity<?> run(@Parameter(hidden = true) Officer officer) {
        audit.record(officer.username(), AuditLog.Action.RETENTION_REQUEST, null, null);
        return retention.runNow(officer.username())
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                            "A retention run is in progress; try again when it has finished.");
                    problem.setTitle("Already running");
                    problem.setType(URI.create("urn:tipline:problem:retention-running"));
                    return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .body(problem);
                });
    }
}
