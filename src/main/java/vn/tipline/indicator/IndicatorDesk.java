package vn.tipline.indicator;

import org.springframework.stereotype.Service;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.UnitNames;
import vn.tipline.tip.TipTexts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The officers' side of indicators, under the tips' scope rule ({@link Officer#covers}, applied to
 * where each tip is now): a linked tip in scope can be opened; one outside is only counted, with
 * its unit's name. Relay threads in which a citizen named an indicator count like tips, under their
 * unit: in scope by their code, outside only counted. An indicator nothing of the officer's scope
 * names does not exist for them.
 */
@Service
class IndicatorDesk {

    static final int MAX_REASON = 500;
    static final List<Integer> PERIODS = List.of(7, 30, 90);
    private static final int TIPS_SHOWN = 10;

    private final IndicatorStore store;
    private final TipTexts tips;
    private final IndicatorExtractor extractor;
    private final UnitNames units;
    private final AuditLog audit;
    private final Clock clock;

    IndicatorDesk(IndicatorStore store, TipTexts tips, IndicatorExtractor extractor, UnitNames units,
                  AuditLog audit, Clock clock) {
        this.store = store;
        this.tips = tips;
        this.extractor = extractor;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    /** A tip's indicators, for a tip the officer may see (otherwise: not found). */
    List<IndicatorViews.OnTip> ofTip(Officer officer, String tipId) {
        TipTexts.Whereabouts tip = tips.whereabouts(List.of(tipId)).get(tipId);
        if (tip == null || !officer.covers(tip.unit(), tip.province())) {
            throw new IndicatorNotFound();
        }
        return store.ofTip(tipId).stream().map(indicator -> {
            Map<String, TipTexts.Whereabouts> where = tips.whereabouts(indicator.tips().stream()
                    .map(IndicatorRecord.TipRef::id).filter(id -> !id.equals(tipId)).toList());
            List<IndicatorViews.LinkedTip> open = new ArrayList<>();
            TreeSet<String> units = new TreeSet<>();
            int elsewhere = 0;
            for (TipTexts.Whereabouts other : where.values()) {
                if (officer.covers(other.unit(), other.province())) {
                    open.add(new IndicatorViews.LinkedTip(other.id(), other.code()));
                } else {
                    elsewhere++;
                    units.add(unitName(other.unit()));
                }
            }
            TreeSet<String> threads = new TreeSet<>();
            for (IndicatorRecord.RelayRef relay : indicator.relays()) {
                if (officer.covers(relay.unit(), relay.province())) {
                    threads.add(relay.thread());
                } else {
                    elsewhere++;
                    units.add(unitName(relay.unit()));
                }
            }
            open.sort(Comparator.comparing(IndicatorViews.LinkedTip::code));
            return new IndicatorViews.OnTip(indicator.id(), indicator.type(), indicator.value(), qualifiers(indicator),
                    indicator.status(), indicator.reason(), open, List.copyOf(threads), elsewhere, List.copyOf(units));
        }).toList();
    }

    /** The indicators named by tips of the officer's scope filed in the last {@code days}, most named first. */
    IndicatorViews.Ranking rank(Officer officer, int days) {
        int period = PERIODS.contains(days) ? days : PERIODS.get(1);
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(period));
        Instant before = from.minus(Duration.ofDays(period));
        List<IndicatorRecord> candidates = store.seenSince(before);
        Map<String, TipTexts.Whereabouts> where = tips.whereabouts(candidates.stream()
                .flatMap(i -> i.tips().stream().map(IndicatorRecord.TipRef::id)).distinct().toList());
        List<IndicatorViews.Ranked> ranked = new ArrayList<>();
        for (IndicatorRecord indicator : candidates) {
            int inScope = 0;
            int previous = 0;
            int elsewhere = 0;
            TreeSet<String> units = new TreeSet<>();
            List<IndicatorViews.LinkedTip> open = new ArrayList<>();
            for (IndicatorRecord.TipRef ref : indicator.tips()) {
                TipTexts.Whereabouts tip = where.get(ref.id());
                if (tip == null || tip.createdAt() == null || tip.createdAt().isBefore(before)) {
                    continue;
                }
                boolean current = !tip.createdAt().isBefore(from);
                boolean mine = officer.covers(tip.unit(), tip.province());
                if (mine && current) {
                    inScope++;
                    open.add(new IndicatorViews.LinkedTip(tip.id(), tip.code()));
                } else if (mine) {
                    previous++;
                } else if (current) {
                    elsewhere++;
                }
                if (current) {
                    units.add(unitName(tip.unit()));
                }
            }
            TreeSet<String> threads = new TreeSet<>();
            for (IndicatorRecord.RelayRef relay : indicator.relays()) {
                if (relay.at() == null || relay.at().isBefore(before)) {
                    continue;
                }
                boolean current = !relay.at().isBefore(from);
                boolean mine = officer.covers(relay.unit(), relay.province());
                if (mine && current) {
                    inScope++;
                    threads.add(relay.thread());
                } else if (mine) {
                    previous++;
                } else if (current) {
                    elsewhere++;
                }
                if (current) {
                    units.add(unitName(relay.unit()));
                }
            }
            if (inScope > 0) {
                open.sort(Comparator.comparing(IndicatorViews.LinkedTip::code));
                ranked.add(new IndicatorViews.Ranked(indicator.id(), indicator.type(), indicator.value(), qualifiers(indicator),
                        indicator.status(), indicator.reason(), inScope, previous, trend(inScope, previous), elsewhere,
                        List.copyOf(units), open.subList(0, Math.min(TIPS_SHOWN, open.size())),
                        threads.stream().limit(TIPS_SHOWN).toList()));
            }
        }
        ranked.sort(Comparator.comparingInt((IndicatorViews.Ranked r) -> r.inScope() + r.elsewhere()).reversed()
                .thenComparing(Comparator.comparingInt(IndicatorViews.Ranked::inScope).reversed())
                .thenComparing(IndicatorViews.Ranked::value));
        return new IndicatorViews.Ranking(period, ranked);
    }

    /** Marks an indicator confirmed (used in a crime) or cleared; a confirmation needs a reason. Audited. */
    IndicatorRecord decide(Officer officer, String id, IndicatorRecord.Status status, String reason) {
        IndicatorRecord indicator = inScope(officer, id);
        String why = reason == null ? "" : reason.strip();
        if ((status == IndicatorRecord.Status.CONFIRMED && why.isEmpty()) || why.length() > MAX_REASON
                || status == IndicatorRecord.Status.REPORTED) {
            throw new DecisionRefused();
        }
        store.decide(id, status, why.isEmpty() ? null : why, officer.username());
        audit.record(officer.username(), status == IndicatorRecord.Status.CONFIRMED ? AuditLog.Action.INDICATOR_CONFIRM
                : AuditLog.Action.INDICATOR_CLEAR, "indicator " + id, indicator.type() + (why.isEmpty() ? "" : ": " + why));
        return store.get(id).orElseThrow(IndicatorNotFound::new);
    }

    /** The indicator, if a tip of the officer's scope names it. */
    IndicatorRecord inScope(Officer officer, String id) {
        IndicatorRecord indicator = store.get(id).orElseThrow(IndicatorNotFound::new);
        boolean visible = relayInScope(officer, indicator)
                || tips.whereabouts(indicator.tips().stream().map(IndicatorRecord.TipRef::id).toList()).values().stream()
                .anyMatch(tip -> officer.covers(tip.unit(), tip.province()));
        if (!visible) {
            throw new IndicatorNotFound();
        }
        return indicator;
    }

    /** The confirmed indicators of the officer's scope, for a warning campaign. */
    List<IndicatorRecord> confirmedInScope(Officer officer) {
        List<IndicatorRecord> confirmed = store.confirmed();
        Map<String, TipTexts.Whereabouts> where = tips.whereabouts(confirmed.stream()
                .flatMap(i -> i.tips().stream().map(IndicatorRecord.TipRef::id)).distinct().toList());
        return confirmed.stream().filter(i -> relayInScope(officer, i) || i.tips().stream().map(ref -> where.get(ref.id())).filter(Objects::nonNull)
                .anyMatch(tip -> officer.covers(tip.unit(), tip.province())))
                .sorted(Comparator.comparing(IndicatorRecord::type).thenComparing(IndicatorRecord::value)).toList();
    }

    private static boolean relayInScope(Officer officer, IndicatorRecord indicator) {
        return indicator.relays().stream().anyMatch(relay -> officer.covers(relay.unit(), relay.province()));
    }

    private List<String> qualifiers(IndicatorRecord indicator) {
        return indicator.qualifiers().stream().map(extractor::qualifierName).sorted().toList();
    }

    private String unitName(String unit) {
        if (unit == null) {
            return "—";
        }
        return units.nameOrCode(unit);
    }

    private static IndicatorViews.Trend trend(int now, int before) {
        if (before == 0) {
            return IndicatorViews.Trend.NEW;
        }
        return now > before ? IndicatorViews.Trend.UP : now < before ? IndicatorViews.Trend.DOWN : IndicatorViews.Trend.SAME;
    }
}
