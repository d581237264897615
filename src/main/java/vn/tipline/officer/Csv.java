package vn.tipline.officer;

import vn.tipline.tip.VisibleText;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as Excel opens it correctly: UTF-8 with a byte order mark (or Vietnamese turns to
 * mojibake), CRLF line ends, RFC 4180 quoting. Tips are hostile input, so a text cell that
 * starts like a formula (= + - @, tab, CR) is prefixed with an apostrophe: Excel shows the text
 * instead of running it. Control and bidi characters show as markers ({@link VisibleText}), as on
 * the page: an override hidden in a cell would reverse what the spreadsheet shows.
 */
final class Csv implements AutoCloseable {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Writer out;

    Csv(OutputStream stream) throws IOException {
        stream.write(BOM);
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    }

    void row(List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = VisibleText.of(value.toString());
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
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
