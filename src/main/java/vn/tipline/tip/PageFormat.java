package vn.tipline.tip;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formatting helpers for the page templates (exposed as {@code fmt}): Vietnam time, chart geometry. */
public final class PageFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(TipQueue.VIETNAM);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(TipQueue.VIETNAM);

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** The day (Vietnam) of an instant, as 31/01/2026. */
    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** An instant kept as text in a timeline entry (ISO-8601), as a day; anything else as it is. */
    public String day(String iso) {
        try {
            return iso == null ? "" : day(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** The day (Vietnam) as a date field's value, 2026-01-31. */
    public String isoDay(Instant instant) {
        return instant == null ? "" : LocalDate.ofInstant(instant, TipQueue.VIETNAM).toString();
    }

    /**
     * A statistics period in words ("Tháng 1/2026", "Jan 2026"), from the bundle's date pattern
     * for its granularity (the words are the bundle's, the month names the locale's).
     */
    public String period(LocalDate start, String pattern, Locale locale) {
        return start == null ? "" : DateTimeFormatter.ofPattern(pattern, locale).format(start);
    }

    /**
     * An outcome as a timeline entry keeps it ("-", "valuable", "valuable: ARREST, SEIZURE"), as the
     * message key of its sentence and the keys of its outcomes, for the page to say in words.
     */
    public OutcomeWords outcome(String stored) {
        if (stored == null || !stored.startsWith("valuable")) {
            return new OutcomeWords("timeline.outcome_none", List.of());
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            return new OutcomeWords("timeline.outcome_valuable", List.of());
        }
        List<String> keys = new ArrayList<>();
        for (String outcome : stored.substring(colon + 1).split(",")) {
            if (!outcome.isBlank()) {
                keys.add("outcome." + outcome.strip());
            }
        }
        return new OutcomeWords("timeline.outcome_valuable_with", keys);
    }

    /** @param key the sentence; {@code {0}} in it takes the outcomes' words, joined */
    public record OutcomeWords(String key, List<String> outcomes) {
    }

    public String coordinates(Double latitude, Double longitude) {
        return latitude == null || longitude == null ? "" : String.format(Locale.ROOT, "%.5f, %.5f", latitude, longitude);
    }

    /** One period of the statistics chart: the bars' lengths in percent of the largest count. */
    public record Bar(LocalDate start, long received, long valuable, double receivedPercent, double valuablePercent) {
    }

    public record Chart(long max, List<Bar> bars) {
    }

    /**
     * Bars as percentages of the width: drawn as SVG rectangles with percentage widths, so the chart
     * takes the page's width at any size while its labels stay HTML text at the page's font size
     * (a scaled SVG shrank them to 5 px on a phone).
     */
    static Chart chart(List<TipStatistics.Period> series) {
        long max = Math.max(1, series.stream().mapToLong(TipStatistics.Period::received).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        for (TipStatistics.Period p : series) {
            bars.add(new Bar(p.start(), p.received(), p.valuable(), percent(p.received(), max), percent(p.valuable(), max)));
        }
        return new Chart(max, bars);
    }

    private static double percent(long count, long max) {
        return Math.round(1000.0 * count / max) / 10.0;
    }
}
