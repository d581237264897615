package vn.tipline.indicator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.tipline.account.ApiSecurity;
import vn.tipline.account.Officer;

import java.net.URI;
import java.util.List;

/** The scam indicators for API clients: the same scope rules and audit as the page. */
@RestController
@RequestMapping("/api/admin/indicators")
@Tag(name = "Scam indicators")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
class IndicatorController {

    private final IndicatorDesk desk;

    IndicatorController(IndicatorDesk desk) {
        this.desk = desk;
    }

    record Decision(String reason) {
    }

    /** An indicator as the API shows it after a decision. */
    record Decided(String id, IndicatorType type, String value, IndicatorRecord.Status status, String reason) {
    }

    @GetMapping
    @Operation(summary = "Indicators named by tips of your scope in the last 7, 30 or 90 days, most named first, with the period before and the units")
    IndicatorViews.Ranking ranking(Officer officer, @RequestParam(defaultValue = "30") int days) {
        return desk.rank(officer, days);
    }

    @GetMapping("/tips/{tipId}")
    @Operation(summary = "A tip's indicators and the other tips naming them: yours to open, the others counted with their units")
    List<IndicatorViews.OnTip> ofTip(Officer officer, @PathVariable String tipId) {
        return desk.ofTip(officer, tipId);
    }

    @PostMapping("/{id}/confirm")
    @Operation(summary = "Confirm an indicator as used in a crime (a reason is required); citizens' checks then find it")
    Decided confirm(Officer officer, @PathVariable String id, @RequestBody Decision decision) {
        return decided(desk.decide(officer, id, IndicatorRecord.Status.CONFIRMED, decision.reason()));
    }

    @PostMapping("/{id}/clear")
    @Operation(summary = "Clear an indicator (not used in a crime, or no longer); citizens' checks no longer find it")
    Decided clear(Officer officer, @PathVariable String id, @RequestBody(required = false) Decision decision) {
        return decided(desk.decide(officer, id, IndicatorRecord.Status.CLEARED, decision == null ? null : decision.reason()));
    }

    private static Decided decided(IndicatorRecord r) {
        return new Decided(r.id(), r.type(), r.value(), r.status(), r.reason());
    }

    @ExceptionHandler(IndicatorNotFound.class)
    ProblemDetail notFound() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such indicator.");
        problem.setType(URI.create("urn:tipline:problem:indicator-not-found"));
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(DecisionRefused.class)
    ProblemDetail refused() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                "A confirmation needs a reason of at most " + IndicatorDesk.MAX_REASON + " characters.");
        problem.setType(URI.create("urn:tipline:problem:indicator-reason"));
        problem.setTitle("Decision refused");
        return problem;
    }
}
