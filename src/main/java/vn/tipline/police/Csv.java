package vn.tipline.police;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line breaks
 * (the conversion table has names like {@code "Phường Sài Gòn\n"}). Each record keeps the line
 * it starts on, so a validation report can point at it.
 */
final class Csv {

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

    private Csv() {
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
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        int quoteLine = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n') {
                    line++;
                }
                field.append(c);
                i++;
                continue;
            }
            if (c == '"' && field.isEmpty() && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
                quoteLine = line;
                i++;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                i++;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                records.add(new Record(recordLine, List.copyOf(fields)));
                fields.clear();
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (quoted) {
            throw new MalformedCsvException(quoteLine, "a quoted field opened on line " + quoteLine + " is never closed");
        }
        if (fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
