package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.ClassPathResource;
import vn.tipline.conversation.Folding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the two reference files (see resources/gazetteer/README.md): the units in force since
 * 1 July 2025 (JSON) and the old-to-new conversion table (CSV with two header rows, province
 * banner rows and quoted names that hold line breaks).
 */
final class GazetteerFiles {

    static final String UNITS_FILE = "vn-admin-units-2025-07.json";
    static final String CONVERSION_FILE = "vn-ward-conversion-2025-07.csv";
    static final String DATASET = "2025-07";

    private static final Pattern NAME_AND_CODE = Pattern.compile("(.*?)\\s*\\((\\d+)\\)\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    record ProvinceData(int code, String name, String divisionType, String codename, Integer phoneCode,
                        List<CommuneData> communes) {
    }

    record CommuneData(int code, String name, String divisionType, String codename) {
    }

    /** One data row of the conversion table; codes are null where the table leaves them empty. */
    record ConversionRow(int line, int newProvinceCode, String newCommuneName, int newCommuneCode, String oldName,
                         Integer oldCode, String note, String oldDistrict, Integer oldDistrictCode,
                         String oldProvince, Integer oldProvinceCode) {
    }

    record Contents(String version, List<ProvinceData> provinces, List<ConversionRow> conversions) {
    }

    private GazetteerFiles() {
    }

    /** From {@code directory} if given (a newer copy on disk), else the files packaged with the service. */
    static Contents read(String directory) {
        byte[] units = bytes(directory, UNITS_FILE);
        byte[] conversion = bytes(directory, CONVERSION_FILE);
        return new Contents(version(units, conversion), parseUnits(units),
                parseConversion(new String(conversion, StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(String directory, String name) {
        try {
            if (directory != null && !directory.isBlank()) {
                return Files.readAllBytes(Path.of(directory, name));
            }
            try (InputStream in = new ClassPathResource("gazetteer/" + name).getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the gazetteer file " + name, e);
        }
    }

    static String version(byte[]... files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] file : files) {
                digest.update(file);
                digest.update((byte) 0);
            }
            return DATASET + ":" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ProvinceData> parseUnits(byte[] json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            if (!root.isArray()) {
                throw new IllegalStateException(UNITS_FILE + ": expected a list of provinces");
            }
            List<ProvinceData> provinces = new ArrayList<>();
            for (JsonNode p : root) {
                List<CommuneData> communes = new ArrayList<>();
                for (JsonNode w : p.path("wards")) {
                    communes.add(new CommuneData(w.path("code").asInt(), clean(w.path("name").asText()),
                            w.path("division_type").asText(), w.path("codename").asText()));
                }
                provinces.add(new ProvinceData(p.path("code").asInt(), clean(p.path("name").asText()),
                        p.path("division_type").asText(), p.path("codename").asText(),
                        p.hasNonNull("phone_code") ? p.get("phone_code").asInt() : null, List.copyOf(communes)));
            }
            return List.copyOf(provinces);
        } catch (IOException e) {
            throw new IllegalStateException(UNITS_FILE + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static List<ConversionRow> parseConversion(String text) {
        List<CsvTable.Record> records = CsvTable.parse(text, ',');
        if (records.size() < 2 || !Folding.fold(records.get(1).field(1)).contains("xa moi")) {
            throw new IllegalStateException(CONVERSION_FILE + ": the second header row (… Tên Xã mới …) is missing");
        }
        List<ConversionRow> rows = new ArrayList<>();
        for (CsvTable.Record record : records.subList(2, records.size())) {
            boolean banner = !record.field(0).isBlank()
                    && record.fields().subList(1, record.fields().size()).stream().allMatch(String::isBlank);
            if (record.blank() || banner) {
                continue;
            }
            Matcher province = NAME_AND_CODE.matcher(clean(record.field(0)));
            Integer newCode = number(record.field(2));
            if (!province.matches() || newCode == null) {
                throw new IllegalStateException(CONVERSION_FILE + " line " + record.line()
                        + ": the new province code or new commune code is missing");
            }
            NameCode district = nameCode(record.field(6));
            NameCode oldProvince = nameCode(record.field(7));
            rows.add(new ConversionRow(record.line(), Integer.parseInt(province.group(2)), clean(record.field(1)), newCode,
                    clean(record.field(3)), number(record.field(4)), clean(record.field(5)), district.name(),
                    district.code(), oldProvince.name(), oldProvince.code()));
        }
        return List.copyOf(rows);
    }

    private record NameCode(String name, Integer code) {
    }

    private static NameCode nameCode(String raw) {
        String value = clean(raw);
        Matcher m = NAME_AND_CODE.matcher(value);
        return m.matches() ? new NameCode(m.group(1), Integer.parseInt(m.group(2))) : new NameCode(value, null);
    }

    private static Integer number(String raw) {
        String value = raw.strip();
        return value.matches("\\d{1,9}") ? Integer.parseInt(value) : null;
    }

    /** NFC, trimmed, inner whitespace (including the line breaks inside quotes) collapsed. */
    static String clean(String raw) {
        return SPACES.matcher(Folding.nfc(raw)).replaceAll(" ").strip();
    }
}
