package vn.tipline.indicator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verified list from outside, compiled once into a sorted file of hashes and counts: lines read
 * as a citizen's typed value is, a line that is not its type skipped, duplicates summed, no value
 * in the compiled file, and a changed list compiled again.
 */
class ReferenceListTest {

    private static final Candidates CANDIDATES = new Candidates(new IndicatorExtractor());

    @TempDir
    Path dir;

    private static OptionalInt listed(ReferenceList list, IndicatorType type, String value) {
        return list.reports(new Indicator(type, value, null));
    }

    private static ReferenceList opened(Path csv) {
        ReferenceList list = new ReferenceList(CANDIDATES, new IndicatorProperties(null));
        list.open(csv);
        return list;
    }

    @Test
    void linesAreReadAsTheirTypeAndDuplicatesAdd() throws IOException {
        Path csv = Files.writeString(dir.resolve("ntrust.csv"), """
                # type,value,reports
                PHONE,0901 234 567,12
                phone,+84 901234567,2
                BANK_ACCOUNT,STK 0071000123456,3
                website,hxxps://vietcombank-hotro[.]com/dang-nhap,1
                SOCIAL,zalo:0987654321,4
                SOCIAL,@abcdef
                PHONE,xin chào,5
                PLATE,51F-123.45,zero
                EWALLET,0912345678
                """);
        ReferenceList list = opened(csv);

        assertThat(list.size()).isEqualTo(5);
        assertThat(listed(list, IndicatorType.PHONE, "+84901234567")).hasValue(14);
        assertThat(listed(list, IndicatorType.BANK_ACCOUNT, "0071000123456")).hasValue(3);
        assertThat(listed(list, IndicatorType.WEBSITE, "vietcombank-hotro.com")).hasValue(1);
        assertThat(listed(list, IndicatorType.SOCIAL, "zalo:0987654321")).hasValue(4);
        assertThat(listed(list, IndicatorType.EWALLET, "+84912345678")).hasValue(1);
        // A bare name may be a profile on any platform: not listed on a guess.
        assertThat(listed(list, IndicatorType.SOCIAL, "telegram:abcdef")).isEmpty();
        assertThat(listed(list, IndicatorType.PHONE, "+84901234568")).isEmpty();
        assertThat(listed(list, IndicatorType.BANK_ACCOUNT, "+84901234567")).isEmpty();

        String compiled = new String(Files.readAllBytes(dir.resolve("ntrust.csv.sorted")), StandardCharsets.ISO_8859_1);
        assertThat(compiled).doesNotContain("901234567", "0071000123456", "vietcombank", "abcdef");
    }

    @Test
    void aCompiledListIsReusedAndAChangedOneCompiledAgain() throws IOException {
        Path csv = Files.writeString(dir.resolve("list.csv"), "PHONE,0901 234 567,2\n");
        opened(csv);
        Path compiled = dir.resolve("list.csv.sorted");
        FileTime first = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(compiled, first);

        assertThat(listed(opened(csv), IndicatorType.PHONE, "+84901234567")).hasValue(2);
        assertThat(Files.getLastModifiedTime(compiled)).as("not compiled again").isEqualTo(first);

        Files.writeString(csv, "PHONE,0912 345 678,7\n", StandardOpenOption.APPEND);
        ReferenceList changed = opened(csv);
        assertThat(listed(changed, IndicatorType.PHONE, "+84912345678")).hasValue(7);
        assertThat(Files.getLastModifiedTime(compiled)).isNotEqualTo(first);
    }

    @Test
    void noListAnswersNothing() {
        ReferenceList list = new ReferenceList(CANDIDATES, new IndicatorProperties(""));
        list.openAfterStart();
        assertThat(listed(list, IndicatorType.PHONE, "+84901234567")).isEmpty();
        list.open(dir.resolve("missing.csv"));
        assertThat(list.size()).isZero();
    }
}
