package vn.tipline.conversation;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;

import static org.assertj.core.api.Assertions.assertThat;

class FoldingTest {

    @Test
    void foldsVietnameseDiacriticsAndCase() {
        assertThat(Folding.fold("Tố giác")).isEqualTo("to giac");
        assertThat(Folding.fold("ĐƯỜNG Đồng Khởi")).isEqualTo("duong dong khoi");
        assertThat(Folding.fold("  Phường   Bến  Nghé ")).isEqualTo("phuong ben nghe");
    }

    @Test
    void decomposedInputFoldsTheSameAsComposed() {
        String decomposed = Normalizer.normalize("Cứu với", Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo("Cứu với");
        assertThat(Folding.fold(decomposed)).isEqualTo(Folding.fold("Cứu với"));
        assertThat(Folding.nfc(decomposed)).isEqualTo("Cứu với");
    }

    @Test
    void wordFoldingDropsPunctuationAndEmoji() {
        assertThat(Folding.foldWords("📝 Báo tin, tố giác!")).isEqualTo("bao tin to giac");
    }
}
