package vn.tipline.indicator;

import org.springframework.stereotype.Component;
import vn.tipline.conversation.Folding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the indicators in a text (a tip's description, a reporter's answer, what a citizen asks to
 * check). Links first, on the text with obfuscations undone; then plates and numbers on what is
 * left, so the digits of "zalo.me/0901234567" or "51F-123.45" are not read again as a phone.
 */
@Component
public class IndicatorExtractor {

    private final Vocabulary vocabulary = Vocabulary.load();
    private final Numbers numbers = new Numbers(vocabulary);

    /** A bank's or wallet's name for people ("VCB" -> "Vietcombank"). */
    String qualifierName(String code) {
        return vocabulary.name(code);
    }

    public Set<Indicator> extract(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        String plain = Links.deobfuscate(Folding.nfc(text));
        List<Links.Found> spans = new ArrayList<>();
        Links.find(plain, spans);
        StringBuilder rest = new StringBuilder(plain);
        blank(rest, spans);
        List<Links.Found> more = new ArrayList<>();
        Links.handles(rest.toString(), Fold.of(rest.toString()), more);
        Plates.find(rest.toString(), more);
        blank(rest, more);
        Set<Indicator> found = new LinkedHashSet<>();
        spans.forEach(f -> found.add(f.indicator()));
        more.forEach(f -> found.add(f.indicator()));
        List<Indicator> counted = new ArrayList<>();
        numbers.find(rest.toString(), Fold.of(rest.toString()), counted);
        found.addAll(counted);
        return found;
    }

    private static void blank(StringBuilder text, List<Links.Found> spans) {
        for (Links.Found span : spans) {
            for (int i = span.start(); i < span.end(); i++) {
                text.setCharAt(i, ' ');
            }
        }
    }
}
