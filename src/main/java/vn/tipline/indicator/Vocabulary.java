package vn.tipline.indicator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The words that say what a number is: banks and their short names, account words ("STK"),
 * e-wallets, phone words ("sđt"). Data in {@code indicators/vocabulary.csv}, so a new bank is a
 * line, not a code change. Matched on {@link Fold folded} text as whole words.
 */
final class Vocabulary {

    enum Kind { BANK, ACCOUNT, WALLET, PHONE }

    /** The last word of a kind found in a stretch of text, and where it ended. */
    record Word(Kind kind, String code, int end) {
    }

    private final Map<Kind, List<Pattern>> patterns = new LinkedHashMap<>();
    private final Map<Pattern, String> codes = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    private Vocabulary() {
    }

    static Vocabulary load() {
        Vocabulary vocabulary = new Vocabulary();
        try (Reader reader = new InputStreamReader(Vocabulary.class.getResourceAsStream("/indicators/vocabulary.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                    .setCommentMarker('#').setIgnoreSurroundingSpaces(true).get().parse(reader)) {
                vocabulary.add(Kind.valueOf(row.get("kind").toUpperCase(Locale.ROOT)), row.get("code"), row.get("name"), row.get("aliases"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vocabulary;
    }

    private void add(Kind kind, String code, String name, String aliases) {
        List<String> words = new ArrayList<>(List.of(aliases.split("\\|")));
        words.sort(Comparator.comparingInt(String::length).reversed());
        Pattern pattern = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + words.stream()
                .map(w -> Pattern.quote(w.strip()).replace(" ", "\\E\\s+\\Q"))
                .collect(Collectors.joining("|")) + ")(?![\\p{L}\\p{N}])");
        patterns.computeIfAbsent(kind, k -> new ArrayList<>()).add(pattern);
        codes.put(pattern, code.isBlank() ? null : code);
        if (!code.isBlank()) {
            names.put(code, name);
        }
    }

    /** The word of these kinds that ends last in {@code folded[from, to)}: the one nearest a number after it. */
    Optional<Word> lastIn(String folded, int from, int to, Kind... kinds) {
        Word best = null;
        for (Kind kind : kinds) {
            for (Pattern pattern : patterns.getOrDefault(kind, List.of())) {
                Matcher m = pattern.matcher(folded).region(from, to);
                while (m.find()) {
                    if (best == null || m.end() > best.end()) {
                        best = new Word(kind, codes.get(pattern), m.end());
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The first bank named in {@code folded[from, to)}. */
    Optional<String> bankIn(String folded, int from, int to) {
        int first = Integer.MAX_VALUE;
        String code = null;
        for (Pattern pattern : patterns.getOrDefault(Kind.BANK, List.of())) {
            Matcher m = pattern.matcher(folded).region(from, to);
            if (m.find() && m.start() < first) {
                first = m.start();
                code = codes.get(pattern);
            }
        }
        return Optional.ofNullable(code);
    }

    /** A bank's or wallet's display name ("VCB" -> "Vietcombank"). */
    String name(String code) {
        return code == null ? null : names.getOrDefault(code, code);
    }
}
