package vn.tipline.indicator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall of the extraction, per type, on scam tips written for the test
 * ({@code indicators/scam-tips.yaml}, each labelled with what an officer would note). The
 * thresholds are the ones docs/scam-indicators.md states.
 */
class IndicatorExtractionTest {

    record Labelled(String text, List<String> expect) {
    }

    record Score(int truePositives, int falsePositives, int falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    /** On the set the extractor was tuned on. */
    private static final double MIN_PRECISION = 0.95;
    private static final double MIN_RECALL = 0.90;
    /** On the held-out set, written after tuning and never tuned against. */
    private static final double MIN_HELD_OUT_PRECISION = 0.85;
    private static final double MIN_HELD_OUT_RECALL = 0.80;
    private static Map<IndicatorType, Score> scores;
    private static Map<IndicatorType, Score> heldOut;

    @BeforeAll
    static void measure() throws IOException {
        scores = measure("scam-tips.yaml");
        heldOut = measure("scam-tips-holdout.yaml");
    }

    private static Map<IndicatorType, Score> measure(String file) throws IOException {
        List<Labelled> tips;
        try (InputStream in = IndicatorExtractionTest.class.getResourceAsStream("/indicators/" + file)) {
            tips = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<>() { });
        }
        IndicatorExtractor extractor = new IndicatorExtractor();
        Map<IndicatorType, int[]> counts = new EnumMap<>(IndicatorType.class);
        for (IndicatorType type : IndicatorType.values()) {
            counts.put(type, new int[3]);
        }
        StringBuilder misses = new StringBuilder();
        for (Labelled tip : tips) {
            Set<String> found = extractor.extract(tip.text()).stream().map(Indicator::key).collect(Collectors.toSet());
            Set<String> expected = new HashSet<>(tip.expect());
            for (String key : found) {
                counts.get(type(key))[expected.contains(key) ? 0 : 1]++;
            }
            for (String key : expected) {
                if (!found.contains(key)) {
                    counts.get(type(key))[2]++;
                }
            }
            if (!found.equals(expected)) {
                misses.append("\n  ").append(tip.text()).append("\n    found ").append(found).append(" expected ").append(expected);
            }
        }
        Map<IndicatorType, Score> scores = new EnumMap<>(IndicatorType.class);
        counts.forEach((type, c) -> scores.put(type, new Score(c[0], c[1], c[2])));
        System.out.println("Extraction on " + file + ", " + tips.size() + " tips:");
        scores.forEach((type, s) -> System.out.printf("  %-12s precision %.2f recall %.2f (%d found right, %d wrong, %d missed)%n",
                type, s.precision(), s.recall(), s.truePositives(), s.falsePositives(), s.falseNegatives()));
        System.out.println("Differences:" + misses);
        return scores;
    }

    private static IndicatorType type(String key) {
        return IndicatorType.valueOf(key.substring(0, key.indexOf(':')));
    }

    @Test
    void everyTypeIsInTheLabelledSet() {
        scores.forEach((type, s) -> assertThat(s.truePositives() + s.falseNegatives()).as(type.name()).isGreaterThan(0));
    }

    @Test
    void precisionPerTypeMeetsTheStatedThreshold() {
        scores.forEach((type, s) -> assertThat(s.precision()).as(type + " precision").isGreaterThanOrEqualTo(MIN_PRECISION));
    }

    @Test
    void recallPerTypeMeetsTheStatedThreshold() {
        scores.forEach((type, s) -> assertThat(s.recall()).as(type + " recall").isGreaterThanOrEqualTo(MIN_RECALL));
    }

    @Test
    void heldOutPrecisionAndRecallMeetTheStatedThresholds() {
        heldOut.forEach((type, s) -> {
            assertThat(s.precision()).as(type + " held-out precision").isGreaterThanOrEqualTo(MIN_HELD_OUT_PRECISION);
            assertThat(s.recall()).as(type + " held-out recall").isGreaterThanOrEqualTo(MIN_HELD_OUT_RECALL);
        });
    }
}
