package vn.tipline.indicator;

import org.springframework.stereotype.Component;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code indicator.check}: the citizen's check ({@code verify.yaml}). Reads {@code verify_text};
 * sets {@code verify_found} (one line per confirmed indicator) and {@code verify_reports}.
 */
@Component
class CheckAction implements FlowAction {

    static final String NOT_FOUND = "not_found";
    static final String UNREADABLE = "unreadable";
    static final String LIMITED = "limited";

    private final CitizenCheck check;
    private final CheckLimits limits;
    private final Clock clock;

    CheckAction(CitizenCheck check, CheckLimits limits, Clock clock) {
        this.check = check;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "indicator.check";
    }

    @Override
    public Set<String> outcomes() {
        return Set.of(NOT_FOUND, UNREADABLE, LIMITED);
    }

    @Override
    public List<String> requiredTexts() {
        return List.of(WarningCampaign.TEXT, WarningCampaign.TITLE);
    }

    @Override
    public Result run(ActionContext context) {
        if (!limits.tryCheck(context.reporterKey(), clock.millis())) {
            return Result.of(LIMITED);
        }
        Optional<List<CitizenCheck.Hit>> hits = check.check(context.text("verify_text"));
        if (hits.isEmpty()) {
            return Result.of(UNREADABLE);
        }
        if (hits.get().isEmpty()) {
            return Result.of(NOT_FOUND);
        }
        return Result.ok(Map.of(
                "verify_found", hits.get().stream().map(h -> "• " + h.value()).distinct().collect(Collectors.joining("\n")),
                "verify_reports", hits.get().stream().mapToInt(CitizenCheck.Hit::reports).max().orElse(0)));
    }
}
