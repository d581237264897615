package vn.tipline.tip;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptCodesTest {

    @Test
    void codesUseAnAlphabetWithoutLookalikes() {
        ReceiptCodes codes = new ReceiptCodes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = codes.next();
            assertThat(code).matches("TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}").doesNotContain("0", "O", "1", "I");
            seen.add(code);
        }
        assertThat(seen).hasSizeGreaterThan(1990);
    }

    @Test
    void typedCodesAreNormalised() {
        assertThat(ReceiptCodes.normalize("tg-7kq4-m2px")).hasValue("TG-7KQ4-M2PX");
        assertThat(ReceiptCodes.normalize(" TG 7KQ4 M2PX ")).hasValue("TG-7KQ4-M2PX");
        assertThat(ReceiptCodes.normalize("7kq4m2px")).hasValue("TG-7KQ4-M2PX");
    }

    @Test
    void impossibleCodesAreMalformed() {
        assertThat(ReceiptCodes.normalize("TG-OOOO-IIII")).isEmpty();
        assertThat(ReceiptCodes.normalize("TG-7KQ4")).isEmpty();
        assertThat(ReceiptCodes.normalize("")).isEmpty();
        assertThat(ReceiptCodes.normalize(null)).isEmpty();
        assertThat(ReceiptCodes.normalize("TG-7KQ4-M2PX-EXTRA")).isEmpty();
    }
}
