package vn.tipline.channel.telegram;

import vn.tipline.support.Prometheus;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Store commands per handled update, from the driver's own command metrics
 * ({@code mongodb_driver_commands_seconds_count}, by command and collection) scraped before and after.
 */
final class DriverCommandMetrics {

    private static final String METRIC = "mongodb_driver_commands_seconds_count";
    private static final Pattern LABEL = Pattern.compile("(collection|command)=\"([^\"]*)\"");

    private DriverCommandMetrics() {
    }

    /** "N per update (total T for U updates): command collection=count, ..." the largest first. */
    static String perUpdate(Prometheus before, Prometheus after, long updates) {
        Map<String, Double> spent = new TreeMap<>();
        Map<String, Double> start = series(before);
        series(after).forEach((key, count) -> {
            double delta = count - start.getOrDefault(key, 0.0);
            if (delta > 0) {
                spent.put(key, delta);
            }
        });
        double total = spent.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%.2f per update (%.0f commands, %d updates):",
                total / Math.max(1, updates), total, updates));
        spent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), e.getValue() / Math.max(1, updates))));
        return out.toString();
    }

    private static Map<String, Double> series(Prometheus metrics) {
        Map<String, Double> counts = new TreeMap<>();
        for (String line : metrics.text().split("\\n")) {
            if (!line.startsWith(METRIC + "{")) {
                continue;
            }
            String command = "?";
            String collection = "?";
            Matcher m = LABEL.matcher(line.substring(0, line.lastIndexOf(' ')));
            while (m.find()) {
                if (m.group(1).equals("command")) {
                    command = m.group(2);
                } else {
                    collection = m.group(2);
                }
            }
            counts.merge(command + " " + collection, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        }
        return counts;
    }
}
