package vn.tipline.police;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTableTest {

    @Test
    void quotedFieldsKeepDelimitersQuotesAndLineBreaks() {
        List<CsvTable.Record> records = CsvTable.parse("a,b,c\n\"Phường Sài Gòn\n\",\"x, y\",\"say \"\"hi\"\"\"\nlast,,\n");
        assertThat(records).hasSize(3);
        assertThat(records.get(1).fields()).containsExactly("Phường Sài Gòn\n", "x, y", "say \"hi\"");
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(2).line()).isEqualTo(4);
        assertThat(records.get(2).fields()).containsExactly("last", "", "");
    }

    @Test
    void windowsLineEndsAByteOrderMarkAndSemicolonsAreRead() {
        List<CsvTable.Record> records = CsvTable.parse("\uFEFFcode;phones\r\nCAX-26740;028 1234 5678\r\n");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).fields()).containsExactly("code", "phones");
        assertThat(records.get(1).fields()).containsExactly("CAX-26740", "028 1234 5678");
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> CsvTable.parse("code,address\nCAX-26740,\"12 Lê Lợi\n"))
                .isInstanceOf(CsvTable.MalformedCsvException.class)
                .hasMessageContaining("line 2");
    }
}
