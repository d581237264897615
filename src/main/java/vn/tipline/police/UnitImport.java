package vn.tipline.police;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.tipline.conversation.Folding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and checks police units' contact details from an administrator's CSV or JSON file (or
 * one unit's edit). Nothing is applied here: the result is either a list of changes, or the
 * report of every row that failed and why. A row changes only the columns the file has; an
 * empty cell clears that detail.
 *
 * <p>CSV: a header row naming the columns (any order): {@code code} and some of
 * {@code address, phones, hours, latitude, longitude, telegram_chat_id, zalo_group_id};
 * {@code name, province, commune, kind} may be there for the reader and are ignored. Phones
 * are separated by ";". JSON: a list of objects with the same keys (or camelCase), phones as a
 * list or a string.
 */
final class UnitImport {

    static final List<String> COLUMNS = List.of("code", "address", "phones", "hours", "latitude", "longitude",
            "telegram_chat_id", "zalo_group_id");
    static final Set<String> IGNORED = Set.of("name", "province", "commune", "kind");
    static final int MAX_ROWS = 10_000;
    static final int MAX_LISTED_PROBLEMS = 200;

    private static final Map<String, String> FIELD = Map.of("address", "address", "phones", "phones", "hours", "hours",
            "latitude", "latitude", "longitude", "longitude", "telegram_chat_id", "telegramChatId",
            "zalo_group_id", "zaloGroupId");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 .()\\-]{1,24}");
    private static final Pattern TELEGRAM_CHAT = Pattern.compile("-?\\d{5,20}");
    private static final Pattern ZALO_GROUP = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");

    /** One problem: {@code row} is the spreadsheet row (the header is row 1) or the JSON item (from 1); 0 is the file. */
    record Problem(int row, String code, String column, String problem) {
    }

    /** What one valid row changes: fields to set (by stored name) and fields to clear. */
    record Change(String code, Map<String, Object> set, List<String> unset) {
    }

    record Result(List<Change> changes, List<Problem> problems, int rows) {

        boolean valid() {
            return problems.isEmpty();
        }
    }

    /** A row as read: the columns it has, with their raw text. */
    record Row(int number, Map<String, String> values) {
    }

    /** Why a unit code is not importable: unknown, or a special zone covered by provincial police. */
    interface Units {
        Optional<String> problemWith(String code);
    }

    private UnitImport() {
    }

    static Result csv(String text, Units units) {
        List<Problem> problems = new ArrayList<>();
        List<CsvTable.Record> records;
        try {
            records = CsvTable.parse(text);
        } catch (CsvTable.MalformedCsvException e) {
            return new Result(List.of(), List.of(new Problem(e.line, null, null, e.getMessage())), 0);
        }
        // Leading blank lines are dropped; later ones still count, so row numbers match the spreadsheet's.
        int firstFilled = 0;
        while (firstFilled < records.size() && records.get(firstFilled).blank()) {
            firstFilled++;
        }
        records = records.subList(firstFilled, records.size());
        if (records.stream().allMatch(CsvTable.Record::blank)) {
            return new Result(List.of(), List.of(new Problem(0, null, null, "the file is empty")), 0);
        }
        CsvTable.Record header = records.get(0);
        List<String> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : header.fields()) {
            String column = raw.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
            if (!COLUMNS.contains(column) && !IGNORED.contains(column)) {
                problems.add(new Problem(1, null, raw.strip(), "unknown column '" + raw.strip() + "' (known: "
                        + String.join(", ", COLUMNS) + ")"));
            } else if (!seen.add(column)) {
                problems.add(new Problem(1, null, column, "column '" + column + "' appears twice"));
            }
            columns.add(column);
        }
        if (!seen.contains("code")) {
            problems.add(new Problem(1, null, "code", "the header has no 'code' column"));
        }
        if (seen.stream().noneMatch(c -> FIELD.containsKey(c))) {
            problems.add(new Problem(1, null, null, "the header names no contact column (" + String.join(", ",
                    COLUMNS.subList(1, COLUMNS.size())) + ")"));
        }
        if (!problems.isEmpty()) {
            return new Result(List.of(), problems, (int) records.stream().skip(1).filter(r -> !r.blank()).count());
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            CsvTable.Record record = records.get(i);
            int number = i + 1;
            if (record.blank()) {
                continue;
            }
            if (record.fields().size() != columns.size()) {
                problems.add(new Problem(number, record.field(columns.indexOf("code")).strip(), null,
                        "the row has " + record.fields().size() + " cells, the header " + columns.size()));
                rows.add(null);
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                if (!IGNORED.contains(columns.get(c))) {
                    values.put(columns.get(c), record.field(c));
                }
            }
            rows.add(new Row(number, values));
        }
        return validate(rows, problems, units);
    }

    static Result json(String text, Units units) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            return new Result(List.of(), List.of(new Problem(0, null, null, "not valid JSON: "
                    + e.getOriginalMessage())), 0);
        }
        if (root != null && root.isObject() && root.has("units")) {
            root = root.get("units");
        }
        if (root == null || !root.isArray()) {
            return new Result(List.of(), List.of(new Problem(0, null, null,
                    "expected a JSON list of units (or {\"units\": [...]})")), 0);
        }
        List<Problem> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        int number = 0;
        for (JsonNode item : root) {
            number++;
            Optional<Row> row = jsonRow(number, item, problems);
            rows.add(row.orElse(null));
        }
        if (rows.isEmpty()) {
            problems.add(new Problem(0, null, null, "the list is empty"));
        }
        return validate(rows, problems, units);
    }

    /** One unit's edit through the API: a JSON object; the code comes from the path. */
    static Result edit(String code, JsonNode body, Units units) {
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Result(List.of(), List.of(new Problem(0, code, null, "expected a JSON object")), 0);
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = body.deepCopy();
        if (copy.has("code") && !PoliceCodes.normalize(copy.get("code").asText()).equals(PoliceCodes.normalize(code))) {
            problems.add(new Problem(1, code, "code", "the body's code differs from the unit in the path"));
        }
        copy.put("code", code);
        Optional<Row> row = jsonRow(1, copy, problems);
        if (row.isPresent() && row.get().values().size() == 1) {
            problems.add(new Problem(1, code, null, "nothing to change: give some of " + String.join(", ",
                    COLUMNS.subList(1, COLUMNS.size()))));
        }
        return validate(new ArrayList<>(java.util.Collections.singletonList(row.orElse(null))), problems, units);
    }

    private static Optional<Row> jsonRow(int number, JsonNode item, List<Problem> problems) {
        if (!item.isObject()) {
            problems.add(new Problem(number, null, null, "each unit must be a JSON object"));
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> field : item.properties()) {
            String column = field.getKey().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            JsonNode value = field.getValue();
            if (IGNORED.contains(column)) {
                continue;
            }
            if (!COLUMNS.contains(column)) {
                problems.add(new Problem(number, item.path("code").asText(null), field.getKey(),
                        "unknown key '" + field.getKey() + "' (known: " + String.join(", ", COLUMNS) + ")"));
                ok = false;
                continue;
            }
            if (value.isNull()) {
                values.put(column, "");
            } else if (value.isArray() && column.equals("phones")) {
                List<String> phones = new ArrayList<>();
                value.forEach(p -> phones.add(p.asText()));
                values.put(column, String.join(";", phones));
            } else if (value.isValueNode()) {
                values.put(column, value.asText());
            } else {
                problems.add(new Problem(number, item.path("code").asText(null), column, "must be a single value"));
                ok = false;
            }
        }
        return ok ? Optional.of(new Row(number, values)) : Optional.empty();
    }

    private static Result validate(List<Row> rows, List<Problem> problems, Units units) {
        if (rows.size() > MAX_ROWS) {
            problems.add(new Problem(0, null, null, "too many rows: " + rows.size() + " (at most " + MAX_ROWS + ")"));
            return new Result(List.of(), problems, rows.size());
        }
        List<Change> changes = new ArrayList<>();
        Map<String, Integer> firstRow = new HashMap<>();
        for (Row row : rows) {
            if (row == null) {
                continue;
            }
            int before = problems.size();
            String raw = row.values().getOrDefault("code", "").strip();
            String code = PoliceCodes.normalize(raw);
            Function<String, Problem> problem = message -> new Problem(row.number(), raw.isEmpty() ? null : code, null, message);
            if (raw.isEmpty()) {
                problems.add(problem.apply("the code is empty"));
                continue;
            }
            Integer first = firstRow.putIfAbsent(code, row.number());
            if (first != null) {
                problems.add(problem.apply("code " + code + " appears again (first on row " + first + ")"));
                continue;
            }
            Optional<String> unknown = units.problemWith(code);
            if (unknown.isPresent()) {
                problems.add(problem.apply(unknown.get()));
                continue;
            }
            Map<String, Object> set = new LinkedHashMap<>();
            List<String> unset = new ArrayList<>();
            for (Map.Entry<String, String> value : row.values().entrySet()) {
                String column = value.getKey();
                if (column.equals("code")) {
                    continue;
                }
                String text = Folding.nfc(value.getValue()).strip();
                Optional<String> wrong = check(column, text);
                if (wrong.isPresent()) {
                    problems.add(new Problem(row.number(), code, column, wrong.get()));
                    continue;
                }
                String field = FIELD.get(column);
                if (text.isEmpty()) {
                    unset.add(field);
                } else if (column.equals("phones")) {
                    set.put(field, phones(text));
                } else if (column.equals("latitude") || column.equals("longitude")) {
                    set.put(field, Double.parseDouble(text.replace(',', '.')));
                } else {
                    set.put(field, text.replaceAll("\\s+", " "));
                }
            }
            boolean hasLat = row.values().containsKey("latitude");
            boolean hasLon = row.values().containsKey("longitude");
            String lat = row.values().getOrDefault("latitude", "").strip();
            String lon = row.values().getOrDefault("longitude", "").strip();
            if (hasLat != hasLon || lat.isEmpty() != lon.isEmpty()) {
                problems.add(new Problem(row.number(), code, "latitude", "give both latitude and longitude, or neither"));
            }
            if (problems.size() == before) {
                changes.add(new Change(code, set, unset));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(List.of(), problems, rows.size());
        }
        if (changes.isEmpty()) {
            problems.add(new Problem(0, null, null, "no rows to import"));
        }
        return new Result(problems.isEmpty() ? changes : List.of(), problems, rows.size());
    }

    private static Optional<String> check(String column, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (CONTROL.matcher(text).find()) {
            return Optional.of("contains control characters");
        }
        switch (column) {
            case "address", "hours" -> {
                int max = column.equals("address") ? 300 : 200;
                if (text.length() > max) {
                    return Optional.of("longer than " + max + " characters");
                }
                if (text.indexOf('<') >= 0 || text.indexOf('>') >= 0) {
                    return Optional.of("must not contain < or >");
                }
            }
            case "phones" -> {
                List<String> phones = phones(text);
                if (phones.size() > 5) {
                    return Optional.of("at most 5 phone numbers");
                }
                for (String phone : phones) {
                    long digits = phone.chars().filter(Character::isDigit).count();
                    if (!PHONE.matcher(phone).matches() || digits < 3 || digits > 15) {
                        return Optional.of("'" + phone + "' is not a phone number (3 to 15 digits; separate several with ';')");
                    }
                }
            }
            case "latitude", "longitude" -> {
                double value;
                try {
                    value = Double.parseDouble(text.replace(',', '.'));
                } catch (NumberFormatException e) {
                    return Optional.of("'" + text + "' is not a number (decimal degrees, e.g. 10.7769)");
                }
                boolean latitude = column.equals("latitude");
                double min = latitude ? 6 : 102;
                double max = latitude ? 24 : 118;
                if (!(value >= min && value <= max)) {
                    return Optional.of(column + " " + text + " is outside Vietnam (" + (int) min + " to " + (int) max
                            + "); are latitude and longitude swapped?");
                }
            }
            case "telegram_chat_id" -> {
                if (!TELEGRAM_CHAT.matcher(text).matches()) {
                    return Optional.of("a Telegram group's chat id is a number such as -1001234567890");
                }
            }
            case "zalo_group_id" -> {
                if (!ZALO_GROUP.matcher(text).matches()) {
                    return Optional.of("a Zalo group id is letters, digits, '_' or '-' (at most 64)");
                }
            }
            default -> {
                return Optional.of("unknown column");
            }
        }
        return Optional.empty();
    }

    private static List<String> phones(String text) {
        return java.util.Arrays.stream(text.split("[;\\n/]+")).map(p -> p.strip().replaceAll("\\s+", " "))
                .filter(p -> !p.isEmpty()).toList();
    }
}
