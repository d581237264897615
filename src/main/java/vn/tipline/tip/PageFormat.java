package vn.tipline.tip;

import vn.tipline.tip.TipQueue;
import vn.tipline.tip.TipStatistics;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Formatting helpers for the page templates (exposed as {@code fmt}): Vietnam time, chart geometry. */
public final class PageFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(TipQueue.VIETNAM);

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    public String coordinates(Double latitude, Double longitude) {
        return latitude == null || longitude == null ? "" : String.format(java.util.Locale.ROOT, "%.5f, %.5f", latitude, longitude);
    }

    /** One bar pair of the statistics chart, in SVG user units. */
    public record Bar(String label, long received, long valuable, int x, int receivedY, int receivedHeight,
                      int valuableY, int valuableHeight, int width) {
    }

    public record Chart(int width, int height, int baseline, long max, List<Bar> bars) {
    }

    static Chart chart(List<TipStatistics.Period> series) {
        int height = 180;
        int baseline = 150;
        int plot = 130;
        int slot = series.isEmpty() ? 40 : Math.max(14, Math.min(60, 640 / series.size()));
        long max = Math.max(1, series.stream().mapToLong(TipStatistics.Period::received).max().orElse(1));
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            TipStatistics.Period p = series.get(i);
            int rh = (int) Math.round(plot * (double) p.received() / max);
            int vh = (int) Math.round(plot * (double) p.valuable() / max);
            int w = Math.max(4, slot / 2 - 2);
            int x = 30 + i * slot;
            bars.add(new Bar(p.period(), p.received(), p.valuable(), x, baseline - rh, rh, baseline - vh, vh, w));
        }
        return new Chart(40 + series.size() * slot, height, baseline, max, bars);
    }
}
