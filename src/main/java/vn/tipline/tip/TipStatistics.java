package vn.tipline.tip;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import vn.tipline.account.Officer;
import vn.tipline.account.Refusal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The figures the movement reports: tips received, valuable tips and what they led to, by
 * topic, unit, status and over time, within the officer's scope. Counted in one pass over the
 * tips of the period, reading only the fields needed (an aggregation pipeline would do the same
 * on a real MongoDB; at a tip line's volume the pass is cheap and works on both stores).
 */
@Service
class TipStatistics {

    static final String UNROUTED = "UNROUTED";
    static final int MAX_PERIODS = 400;

    private final MongoTemplate mongo;
    private final TipQueue queue;
    private final Clock clock;

    TipStatistics(MongoTemplate mongo, TipQueue queue, Clock clock) {
        this.mongo = mongo;
        this.queue = queue;
        this.clock = clock;
    }

    enum Granularity { DAY, WEEK, MONTH, YEAR }

    record Period(String period, LocalDate start, long received, long valuable, Map<String, Long> byOutcome,
                  Map<String, Long> byTopic, Map<String, Long> byStatus) {
    }

    record Report(LocalDate from, LocalDate to, Granularity granularity, long received, long valuable,
                  Map<String, Long> byTopic, Map<String, Long> byStatus, Map<String, Long> byUnit,
                  Map<String, Long> byOutcome, List<Period> series, Timeliness timeliness) {
    }

    /**
     * Decisions within the time limit, among the period's tips whose decision is due by now:
     * those decided (actioned, closed, rejected as spam) and those still open past their due date.
     * Duplicates are decided with their original and left out; open tips not yet due are not counted.
     *
     * @param percent decided in time, of {@code due}, rounded to a whole percent; null when nothing is due
     */
    record Timeliness(long due, long decidedInTime, long decidedLate, long openOverdue, Integer percent) {
    }

    /** Counts for {@link Timeliness}. */
    private static final class TimelinessCounter {
        long decidedInTime;
        long decidedLate;
        long openOverdue;

        void add(Tip tip, Instant now) {
            if (Deadlines.DECIDED.contains(tip.getStatus())) {
                if (Deadlines.decidedInTime(tip)) {
                    decidedInTime++;
                } else {
                    decidedLate++;
                }
            } else if (Deadlines.OPEN.contains(tip.getStatus()) && tip.getDueAt() != null && now.isAfter(tip.getDueAt())) {
                openOverdue++;
            }
        }

        Timeliness result() {
            long due = decidedInTime + decidedLate + openOverdue;
            return new Timeliness(due, decidedInTime, decidedLate, openOverdue,
                    due == 0 ? null : (int) Math.round(100.0 * decidedInTime / due));
        }
    }

    static LocalDate defaultFrom(LocalDate today) {
        return today.withDayOfMonth(1).minusMonths(11);
    }

    Report report(Officer officer, LocalDate from, LocalDate to, Granularity granularity) {
        if (from == null || to == null || to.isBefore(from)) {
            throw Refusal.RANGE_INVALID.exception();
        }
        Granularity g = granularity == null ? Granularity.MONTH : granularity;
        List<LocalDate> starts = periodStarts(from, to, g);
        Map<LocalDate, Counter> perPeriod = new LinkedHashMap<>();
        starts.forEach(s -> perPeriod.put(s, new Counter()));
        Counter total = new Counter();
        Map<String, Long> byUnit = new TreeMap<>();
        TimelinessCounter timeliness = new TimelinessCounter();
        Instant now = clock.instant();

        TipFilter filter = new TipFilter(null, null, from, to, null, null, null, null, null, TipFilter.Sort.OLDEST);
        Query query = queue.query(officer, filter);
        query.fields().include("topic", "unit", "status", "valuable", "outcomes", "createdAt", "dueAt", "decidedAt");
        try (Stream<Tip> tips = mongo.stream(query, Tip.class)) {
            tips.forEach(tip -> {
                LocalDate day = tip.getCreatedAt().atZone(TipQueue.VIETNAM).toLocalDate();
                Counter period = perPeriod.get(periodStart(day, g));
                total.add(tip);
                if (period != null) {
                    period.add(tip);
                }
                byUnit.merge(tip.getUnit() == null ? UNROUTED : tip.getUnit(), 1L, Long::sum);
                timeliness.add(tip, now);
            });
        }
        List<Period> series = new ArrayList<>();
        perPeriod.forEach((start, c) -> series.add(new Period(label(start, g), start, c.received, c.valuable,
                c.byOutcome, c.byTopic, c.byStatus)));
        return new Report(from, to, g, total.received, total.valuable, total.byTopic, total.byStatus, byUnit,
                total.byOutcome, series, timeliness.result());
    }

    /** Counts of one period (or all), every known key present so tables and charts line up. */
    private static final class Counter {
        long received;
        long valuable;
        final Map<String, Long> byTopic = zeros(Arrays.stream(Topic.values()).map(Enum::name).toList());
        final Map<String, Long> byStatus = zeros(Arrays.stream(TipStatus.values()).map(Enum::name).toList());
        final Map<String, Long> byOutcome = zeros(Arrays.stream(Outcome.values()).map(Enum::name).toList());

        void add(Tip tip) {
            received++;
            if (tip.isValuable()) {
                valuable++;
            }
            if (tip.getTopic() != null) {
                byTopic.merge(tip.getTopic().name(), 1L, Long::sum);
            }
            if (tip.getStatus() != null) {
                byStatus.merge(tip.getStatus().name(), 1L, Long::sum);
            }
            tip.getOutcomes().forEach(o -> byOutcome.merge(o.name(), 1L, Long::sum));
        }

        private static Map<String, Long> zeros(List<String> keys) {
            Map<String, Long> map = new LinkedHashMap<>();
            keys.forEach(k -> map.put(k, 0L));
            return map;
        }
    }

    static List<LocalDate> periodStarts(LocalDate from, LocalDate to, Granularity g) {
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate s = periodStart(from, g); !s.isAfter(to); s = next(s, g)) {
            if (starts.size() >= MAX_PERIODS) {
                throw Refusal.RANGE_TOO_LONG.exception();
            }
            starts.add(s);
        }
        return starts;
    }

    static LocalDate periodStart(LocalDate day, Granularity g) {
        return switch (g) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case YEAR -> day.withDayOfYear(1);
        };
    }

    private static LocalDate next(LocalDate start, Granularity g) {
        return switch (g) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case YEAR -> start.plusYears(1);
        };
    }

    static String label(LocalDate start, Granularity g) {
        return switch (g) {
            case DAY -> start.toString();
            case WEEK -> start.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> start.toString().substring(0, 7);
            case YEAR -> String.valueOf(start.getYear());
        };
    }
}
