package vn.tipline.tip;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.tipline.account.ApiSecurity;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;

import java.time.Clock;
import java.time.LocalDate;

/** Statistics over the officer's scope, as JSON or CSV. */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "Officer: statistics")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
public class StatsController {

    private final TipStatistics statistics;
    private final Exports exports;
    private final AuditLog audit;
    private final Clock clock;

    StatsController(TipStatistics statistics, Exports exports, AuditLog audit, Clock clock) {
        this.statistics = statistics;
        this.exports = exports;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/stats")
    @Operation(summary = "Tips received, valuable tips and outcomes, by topic, unit, status and period "
            + "(default: the last 12 months by month; dates in Vietnam time, inclusive)")
    TipStatistics.Report stats(@Parameter(hidden = true) Officer officer,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                               @RequestParam(required = false) TipStatistics.Granularity granularity) {
        TipStatistics.Report report = report(officer, from, to, granularity);
        audit.record(officer.username(), AuditLog.Action.STATS_VIEW, null,
                report.from() + ".." + report.to() + " by " + report.granularity());
        return report;
    }

    @GetMapping(path = "/exports/stats.csv", produces = "text/csv")
    @Operation(summary = "The statistics table as CSV (UTF-8 with BOM): one row per period, then the total")
    ResponseEntity<StreamingResponseBody> export(@Parameter(hidden = true) Officer officer,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                                 @RequestParam(required = false) TipStatistics.Granularity granularity) {
        return TipController.csv("statistics.csv", exports.statistics(officer, report(officer, from, to, granularity)));
    }

    TipStatistics.Report report(Officer officer, LocalDate from, LocalDate to, TipStatistics.Granularity granularity) {
        LocalDate today = LocalDate.now(clock.withZone(TipQueue.VIETNAM));
        LocalDate end = to == null ? today : to;
        LocalDate start = from == null ? TipStatistics.defaultFrom(end) : from;
        return statistics.report(officer, start, end, granularity);
    }
}
