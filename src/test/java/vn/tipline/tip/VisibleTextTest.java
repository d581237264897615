package vn.tipline.tip;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisibleTextTest {

    @Test
    void bidiControlsAndInvisibleFormattingBecomeMarkers() {
        assertThat(VisibleText.of("a\u202Eb\u202Ac\u2066d\u2069e\u200Ef\u200Fg\u061Ch"))
                .isEqualTo("a⟨U+202E⟩b⟨U+202A⟩c⟨U+2066⟩d⟨U+2069⟩e⟨U+200E⟩f⟨U+200F⟩g⟨U+061C⟩h");
        assertThat(VisibleText.of("x\u200By\uFEFFz\u2028w")).isEqualTo("x⟨U+200B⟩y⟨U+FEFF⟩z⟨U+2028⟩w");
    }

    @Test
    void controlCharactersBecomeMarkersButNewlineAndTabStay() {
        assertThat(VisibleText.of("a\u0000b\u0007c\u007Fd\u0085e\u009Bf")).isEqualTo(
                "a⟨U+0000⟩b⟨U+0007⟩c⟨U+007F⟩d⟨U+0085⟩e⟨U+009B⟩f");
        assertThat(VisibleText.of("dòng 1\r\ndòng 2\tcột\rx")).isEqualTo("dòng 1\ndòng 2\tcột⟨U+000D⟩x");
    }

    @Test
    void ordinaryVietnameseAndEmojiAreUntouched() {
        String text = "Người bán ma túy ở hẻm 12 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \u2764\uFE0F \uD83D\uDC4D\uD83C\uDFFD";
        assertThat(VisibleText.of(text)).isEqualTo(text);
        assertThat(VisibleText.of(null)).isNull();
    }

    @Test
    void aLoneSurrogateBecomesAMarker() {
        assertThat(VisibleText.of("a\uD800b")).isEqualTo("a⟨U+D800⟩b");
    }
}
