package vn.tipline.conversation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Vietnamese text normalisation: NFC for storage, and a folded form for matching ("Tố giác" -> "to giac"). */
public final class Folding {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Folding() {
    }

    public static String nfc(String text) {
        return text == null ? "" : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Lower case, without diacritics (đ -> d), whitespace collapsed. */
    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String bare = MARKS.matcher(decomposed).replaceAll("")
                .replace('đ', 'd').replace('Đ', 'D');
        return SPACES.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /** Folded and stripped of punctuation, for matching a typed answer against a label. */
    public static String foldWords(String text) {
        return SPACES.matcher(fold(text).replaceAll("[^\\p{L}\\p{N}]+", " ")).replaceAll(" ").trim();
    }
}
