package vn.tipline.indicator;

import java.text.Normalizer;

/**
 * Lower case without diacritics, one character for one: positions in the folded text are
 * positions in the original, so a match found on "so tai khoan" points at "Số tài khoản".
 * ({@code Folding.fold} also collapses spaces, which moves positions.)
 */
final class Fold {

    private Fold() {
    }

    static String of(String nfc) {
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            if (c == 'đ' || c == 'Đ') {
                out.append('d');
            } else if (c < 0x80 || Character.isSurrogate(c)) {
                out.append(Character.toLowerCase(c));
            } else {
                String bare = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                out.append(Character.toLowerCase(bare.charAt(0)));
            }
        }
        return out.toString();
    }
}
