package vn.tipline.indicator;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vietnamese number plates: a province code (11-99), a series ("F", "LD", "B1") and four or five
 * digits, written "51F-123.45", "30A 12345", "29-B1 234.56". Stored as letters and digits only.
 */
final class Plates {

    private static final Pattern PLATE = Pattern.compile(
            "(?<![\\p{L}\\p{N}.])([1-9]\\d)\\s?-?\\s?([A-Z]{1,2}\\d?)\\s?[-–]?\\s?(\\d{3}\\.\\d{2}|\\d{4,5})(?![\\p{L}\\p{N}]|[.,]\\d)");

    private Plates() {
    }

    static void find(String text, List<Links.Found> out) {
        Matcher m = PLATE.matcher(text);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) < 11) {
                continue;
            }
            String value = (m.group(1) + m.group(2) + m.group(3).replace(".", "")).toUpperCase(Locale.ROOT);
            out.add(new Links.Found(new Indicator(IndicatorType.PLATE, value, null), m.start(), m.end()));
        }
    }
}
