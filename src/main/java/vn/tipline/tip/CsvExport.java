package vn.tipline.tip;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as Excel opens it correctly: UTF-8 with a byte order mark (or Vietnamese turns to
 * mojibake), CRLF line ends, RFC 4180 quoting (Commons CSV's Excel format). Tips are hostile
 * input, so a text cell that starts like a formula (= + - @, tab, CR) is prefixed with an
 * apostrophe: Excel shows the text instead of running it. Control and bidi characters show as
 * markers ({@link VisibleText}), as on the page: an override hidden in a cell would reverse what
 * the spreadsheet shows.
 */
final class CsvExport implements AutoCloseable {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CSVPrinter out;

    CsvExport(OutputStream stream) throws IOException {
        stream.write(BOM);
        this.out = new CSVPrinter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), CSVFormat.EXCEL);
    }

    void row(List<?> cells) throws IOException {
        out.printRecord(cells.stream().map(CsvExport::cell));
    }

    /** What a cell holds once made safe; the printer quotes it. */
    static String cell(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = VisibleText.of(value.toString());
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text;
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
