package vn.tipline.tip;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.tipline.abuse.ClientLimits;
import vn.tipline.account.UnitNames;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The flow actions of the tip feature: {@code tip.create} and {@code tip.status}. */
@Configuration(proxyBeanMethods = false)
class TipActions {

    private static final String LIMITED = "limited";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(TipQueue.VIETNAM);

    @Bean
    FlowAction createTipAction(TipService tips, ClientLimits clients, ObjectProvider<UnitNames> names,
                               @Value("${tipline.tips.deadline-days:20}") int deadlineDays) {
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.create";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of(LIMITED);
            }

            @Override
            public List<String> requiredTexts() {
                return List.of("receipt_unit_national");
            }

            @Override
            public Result run(ActionContext context) {
                // The client's count is taken last: a tip the reporter's own quota refuses does not use it up.
                if (!tips.withinQuota(context.reporterKey()) || !clients.countTip()) {
                    return Result.of(LIMITED);
                }
                Double lat = context.variables().get("place_lat") instanceof Number n ? n.doubleValue() : null;
                Double lon = context.variables().get("place_lon") instanceof Number n ? n.doubleValue() : null;
                Tip.Place place = new Tip.Place(lat == null ? context.text("place") : null, lat, lon);
                boolean anonymous = !"no".equals(context.text("anonymous"));
                Tip tip = tips.file(new TipService.NewTip(
                        context.reporterKey() + ":" + context.runId(),
                        Topic.fromValue(context.text("topic")).orElse(Topic.OTHER),
                        context.text("description"), place, context.text("when"), context.list("evidence"),
                        anonymous, context.text("contact"), context.reporterKey(), context.urgent(),
                        context.channel(), context.language()), context.text("place_unit"));
                String unit = tip.getUnit() == null ? null
                        : names.getIfAvailable(() -> UnitNames.CODES_ONLY).name(tip.getUnit()).orElse(null);
                return Result.ok(Map.of("tip_code", tip.getCode(),
                        "tip_unit_name", unit != null ? unit : context.message("receipt_unit_national"),
                        "tip_deadline_days", String.valueOf(deadlineDays),
                        "tip_deadline", DATE.format(tip.getDueAt())));
            }
        };
    }

    /**
     * Reads {@code when} as a date for the summary the citizen checks: sets {@code when_shown}, the
     * words with the date read from them, or with a polite note that none was (the words are kept).
     */
    @Bean
    FlowAction tipWhenAction(Clock clock) {
        EventTimes times = new EventTimes(clock);
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.when";
            }

            @Override
            public List<String> requiredTexts() {
                return List.of("when_read", "when_unread");
            }

            @Override
            public Result run(ActionContext context) {
                String words = context.text("when");
                String key = "when_unread";
                Map<String, String> values = new HashMap<>(Map.of("when", words == null ? "" : words));
                Optional<EventTimes.Period> period = times.read(words);
                if (period.isPresent()) {
                    key = "when_read";
                    values.put("date", period.get().describe());
                }
                String shown = context.message(key);
                for (Map.Entry<String, String> v : values.entrySet()) {
                    shown = shown.replace("{{" + v.getKey() + "}}", v.getValue());
                }
                return Result.ok(Map.of("when_shown", shown));
            }
        };
    }

    /** Reads {@code code}; turns status notices on for the reporter who filed that tip, and only for them. */
    @Bean
    FlowAction tipNotifyAction(TipService tips) {
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.notify";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of("not_found", "not_yours");
            }

            @Override
            public List<String> requiredTexts() {
                return List.of(StatusNotices.TEXT, StatusNotices.BUTTON);
            }

            @Override
            public Result run(ActionContext context) {
                Optional<Tip> tip = tips.findByCode(context.text("code"));
                if (tip.isEmpty()) {
                    return Result.of("not_found");
                }
                if (!context.reporterKey().equals(tip.get().getReporterKey())) {
                    return Result.of("not_yours");
                }
                tips.notifyReporter(tip.get());
                return Result.ok(Map.of("tip_code", tip.get().getCode()));
            }
        };
    }

    @Bean
    FlowAction tipQuotaAction(TipService tips, ClientLimits clients) {
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.quota";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of(LIMITED);
            }

            @Override
            public Result run(ActionContext context) {
                return tips.withinQuota(context.reporterKey()) && clients.mayFileTip() ? Result.ok(Map.of()) : Result.of(LIMITED);
            }
        };
    }

    @Bean
    FlowAction tipStatusAction(TipService tips) {
        return new FlowAction() {
            @Override
            public String name() {
                return "tip.status";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of("not_found", "malformed");
            }

            @Override
            public List<String> requiredTexts() {
                return Arrays.stream(TipStatus.values()).map(TipStatus::citizenTextKey).distinct().toList();
            }

            @Override
            public Result run(ActionContext context) {
                String typed = context.text("code");
                if (!TipService.isWellFormedCode(typed)) {
                    return Result.of("malformed");
                }
                return tips.findByCode(typed).map(tip -> {
                    Map<String, Object> vars = new HashMap<>();
                    vars.put("tip_code", tip.getCode());
                    vars.put("tip_status", tip.getStatus().name());
                    vars.put("tip_status_label", context.message(tip.getStatus().citizenTextKey()));
                    vars.put("tip_created", DATE.format(tip.getCreatedAt()));
                    return Result.ok(vars);
                }).orElse(Result.of("not_found"));
            }
        };
    }
}
