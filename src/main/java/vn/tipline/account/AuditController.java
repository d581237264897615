package vn.tipline.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.tipline.system.PageOf;

import java.time.Instant;

/** The audit log, for administrators (the security rules keep everyone else out). */
@RestController
@RequestMapping("/api/admin/audit")
@Tag(name = "Officer: audit log", description = "ADMIN only")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
public class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Who did what, newest first: logins, tip views, changes, exports, account changes")
    PageOf<AuditLog.Entry> find(@Parameter(hidden = true) Officer officer,
                                @RequestParam(required = false) String actor,
                                @RequestParam(required = false) AuditLog.Action action,
                                @RequestParam(required = false) @Parameter(description =
                                        "a receipt code, user name, relay thread code or police unit code") String target,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        AuditLog.Found found = audit.find(new AuditLog.Filter(actor, action, target, from, to), page, size);
        PageOf<AuditLog.Entry> entries = new PageOf<>(found.entries(), page, size, found.total());
        audit.record(officer.username(), AuditLog.Action.AUDIT_READ, target, entries.items().size() + " entries");
        return entries;
    }
}
