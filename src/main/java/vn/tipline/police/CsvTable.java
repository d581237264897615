package vn.tipline.police;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A CSV text as records (RFC 4180, read by Commons CSV): quoted fields may hold delimiters,
 * doubled quotes and line breaks (the conversion table has names like {@code "Phường Sài Gòn\n"}).
 * Blank lines stay, as records of one empty field, so row numbers match the spreadsheet's; each
 * record keeps the line it starts on, so a validation report can point at it.
 */
final class CsvTable {

    record Record(int line, List<String> fields) {

        String field(int index) {
            return index < fields.size() ? fields.get(index) : "";
        }

        boolean blank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    static final class MalformedCsvException extends RuntimeException {

        final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private CsvTable() {
    }

    /** Comma-separated, unless the first line has semicolons and no commas (a spreadsheet's export in some locales). */
    static List<Record> parse(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int firstBreak = body.indexOf('\n');
        String firstLine = firstBreak < 0 ? body : body.substring(0, firstBreak);
        char delimiter = firstLine.indexOf(',') < 0 && firstLine.indexOf(';') >= 0 ? ';' : ',';
        return parse(body, delimiter);
    }

    static List<Record> parse(String text, char delimiter) {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
        List<Record> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            Iterator<CSVRecord> rows = parser.iterator();
            int line = 1;
            while (true) {
                CSVRecord row;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    row = rows.next();
                } catch (UncheckedIOException e) {
                    throw new MalformedCsvException(line, "the record starting on line " + line
                            + " has a quoted field that is never closed or has text after its closing quote");
                }
                records.add(new Record(line, row.toList()));
                line = (int) parser.getCurrentLineNumber() + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String is read: no I/O can fail
        }
        return records;
    }
}
