package vn.tipline.tip;

/**
 * Citizens' text as officers are shown it: characters that would act unseen (control characters,
 * bidirectional overrides and isolates, other invisible formatting) appear as a visible marker
 * such as {@code ⟨U+202E⟩} instead of being obeyed. Otherwise a right-to-left override could make
 * "gpj.exe" read "exe.jpg", or a NUL cut a line short. Done at display time only: the stored text
 * stays exactly what the citizen sent, as evidence. Newline and tab are kept (they are layout);
 * a zero-width joiner inside an emoji sequence is kept (it draws one emoji, hides nothing).
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** The text with every hidden-acting character replaced by its marker; null stays null. */
    public static String of(String text) {
        if (text == null || text.codePoints().noneMatch(VisibleText::mayHide)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 16);
        int[] points = text.codePoints().toArray();
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            if (c == '\r' && i + 1 < points.length && points[i + 1] == '\n') {
                continue;
            }
            if (!mayHide(c) || (c == 0x200D && i > 0 && i + 1 < points.length && isPictograph(points[i - 1])
                    && isPictograph(points[i + 1]))) {
                shown.appendCodePoint(c);
            } else {
                shown.append('⟨').append(String.format("U+%04X", c)).append('⟩');
            }
        }
        return shown.toString();
    }

    /** Whether {@code c} changes how text around it shows without being seen itself. */
    static boolean mayHide(int c) {
        if (c == '\n' || c == '\t') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL // C0, DEL and C1
                || type == Character.FORMAT // bidi marks, embeddings, overrides, isolates, ALM, ZWSP, BOM, tags, ...
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE; // a lone half of a pair (a JSON escape can make one)
    }

    /** An emoji, a skin tone, or the variation selector that asks for emoji presentation. */
    private static boolean isPictograph(int c) {
        int type = Character.getType(c);
        return type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL || c == 0xFE0F;
    }
}
