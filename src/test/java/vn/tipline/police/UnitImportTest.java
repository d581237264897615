package vn.tipline.police;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The validation of administrators' contact files: every problem reported with its row, or a clean list of changes. */
class UnitImportTest {

    private static final Set<String> KNOWN = Set.of("CAX-26740", "CAX-26743", "CAT-79", "CAT-01");
    private static final UnitImport.Units UNITS = code -> KNOWN.contains(code) ? Optional.empty()
            : Optional.of("unknown unit code '" + code + "'");

    @Test
    void aGoodCsvBecomesChangesOfOnlyTheColumnsItHas() {
        UnitImport.Result result = UnitImport.csv("""
                code,name,address,phones,latitude,longitude
                CAX-26740,Công an phường Sài Gòn,"12 Lê Duẩn, Phường Sài Gòn","028 3829 1234; 069 123 456",10.7797,106.6990
                26743,Công an phường Bến Thành,,,,
                """, UNITS);
        assertThat(result.problems()).isEmpty();
        assertThat(result.rows()).isEqualTo(2);
        assertThat(result.changes()).hasSize(2);
        UnitImport.Change first = result.changes().get(0);
        assertThat(first.code()).isEqualTo("CAX-26740");
        assertThat(first.set()).containsEntry("address", "12 Lê Duẩn, Phường Sài Gòn")
                .containsEntry("phones", List.of("028 3829 1234", "069 123 456"))
                .containsEntry("latitude", 10.7797).containsEntry("longitude", 106.699)
                .doesNotContainKey("hours");
        UnitImport.Change second = result.changes().get(1);
        assertThat(second.code()).isEqualTo("CAX-26743");
        assertThat(second.unset()).containsExactlyInAnyOrder("address", "phones", "latitude", "longitude");
    }

    @Test
    void wrongColumnsRejectTheWholeFile() {
        UnitImport.Result result = UnitImport.csv("code,adress,phones,phones\nCAX-26740,x,113,114\n", UNITS);
        assertThat(result.valid()).isFalse();
        assertThat(result.changes()).isEmpty();
        assertThat(result.problems()).extracting(UnitImport.Problem::problem)
                .anyMatch(p -> p.contains("unknown column 'adress'"))
                .anyMatch(p -> p.contains("'phones' appears twice"));
        assertThat(UnitImport.csv("address,phones\nx,113\n", UNITS).problems())
                .extracting(UnitImport.Problem::problem).anyMatch(p -> p.contains("no 'code' column"));
        assertThat(UnitImport.csv("code,name\nCAX-26740,x\n", UNITS).problems())
                .extracting(UnitImport.Problem::problem).anyMatch(p -> p.contains("names no contact column"));
    }

    @Test
    void everyBadRowIsReportedWithItsRowAndNothingIsKept() {
        UnitImport.Result result = UnitImport.csv("""
                code,address,phones,hours,latitude,longitude,telegram_chat_id,zalo_group_id
                CAX-26740,Trụ sở,113,7:30-17:00,10.77,106.70,-1001234567890,grp_1
                CAX-99999,x,,,,,,
                CAX-26740,duplicate,,,,,,
                CAT-79,<script>alert(1)</script>,not a phone,,106.70,10.77,@group,bad id!
                CAT-01,,,,21.02,,,
                ,,,,,,,
                ,Trụ sở,,,,,,
                CAX-26743,too,many,cells,,,,,
                """, UNITS);
        assertThat(result.valid()).isFalse();
        assertThat(result.changes()).isEmpty();
        List<String> report = result.problems().stream().map(p -> p.row() + " " + p.code() + " " + p.column() + ": " + p.problem()).toList();
        assertThat(report).anyMatch(p -> p.startsWith("3 CAX-99999") && p.contains("unknown unit code"))
                .anyMatch(p -> p.startsWith("4 CAX-26740") && p.contains("appears again (first on row 2)"))
                .anyMatch(p -> p.startsWith("5 CAT-79 address") && p.contains("< or >"))
                .anyMatch(p -> p.startsWith("5 CAT-79 phones") && p.contains("'not a phone' is not a phone number"))
                .anyMatch(p -> p.startsWith("5 CAT-79 latitude") && p.contains("swapped"))
                .anyMatch(p -> p.startsWith("5 CAT-79 telegram_chat_id"))
                .anyMatch(p -> p.startsWith("5 CAT-79 zalo_group_id"))
                .anyMatch(p -> p.startsWith("6 CAT-01 latitude") && p.contains("both latitude and longitude"))
                .anyMatch(p -> p.startsWith("8 null") && p.contains("code is empty"))
                .anyMatch(p -> p.startsWith("9 CAX-26743") && p.contains("9 cells, the header 8"));
        assertThat(report).noneMatch(p -> p.startsWith("2 "));
    }

    @Test
    void malformedFilesGetAReportNotAnException() {
        assertThat(UnitImport.csv("", UNITS).problems()).extracting(UnitImport.Problem::problem).containsExactly("the file is empty");
        assertThat(UnitImport.csv("code,address\n", UNITS).problems()).extracting(UnitImport.Problem::problem)
                .containsExactly("no rows to import");
        assertThat(UnitImport.csv("code,address\nCAX-26740,\"open\n", UNITS).problems().get(0).problem()).contains("never closed");
        assertThat(UnitImport.json("{not json", UNITS).problems().get(0).problem()).startsWith("not valid JSON");
        assertThat(UnitImport.json("{\"a\":1}", UNITS).problems().get(0).problem()).contains("expected a JSON list");
        assertThat(UnitImport.json("[]", UNITS).problems()).isNotEmpty();
        assertThat(UnitImport.json("[1, \"x\"]", UNITS).problems()).extracting(UnitImport.Problem::problem)
                .contains("each unit must be a JSON object");
    }

    @Test
    void jsonTakesTheSameKeysInEitherCaseWithPhonesAsAList() {
        UnitImport.Result result = UnitImport.json("""
                {"units": [
                  {"code": "CAX-26740", "phones": ["028 3829 1234", "113"], "telegramChatId": "-1001234567890", "latitude": 10.78, "longitude": 106.7},
                  {"code": "cat-79", "address": null, "zalo_group_id": "abc_123", "name": "ignored"}
                ]}""", UNITS);
        assertThat(result.problems()).isEmpty();
        assertThat(result.changes().get(0).set()).containsEntry("telegramChatId", "-1001234567890")
                .containsEntry("phones", List.of("028 3829 1234", "113")).containsEntry("latitude", 10.78);
        assertThat(result.changes().get(1).code()).isEqualTo("CAT-79");
        assertThat(result.changes().get(1).unset()).containsExactly("address");
        assertThat(UnitImport.json("[{\"code\":\"CAX-26740\",\"fax\":\"1\"}]", UNITS).problems())
                .extracting(UnitImport.Problem::problem).anyMatch(p -> p.contains("unknown key 'fax'"));
    }

    @Test
    void anEditNeedsSomethingToChangeAndTheSameCode() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(UnitImport.edit("CAX-26740", json.readTree("{\"hours\":\"24/7\"}"), UNITS).changes().get(0).set())
                .containsEntry("hours", "24/7");
        assertThat(UnitImport.edit("CAX-26740", json.readTree("{}"), UNITS).problems()).extracting(UnitImport.Problem::problem)
                .anyMatch(p -> p.startsWith("nothing to change"));
        assertThat(UnitImport.edit("CAX-26740", json.readTree("{\"code\":\"CAT-79\",\"hours\":\"x\"}"), UNITS).problems())
                .extracting(UnitImport.Problem::problem).anyMatch(p -> p.contains("differs"));
        assertThat(UnitImport.edit("CAX-26740", json.readTree("[1]"), UNITS).valid()).isFalse();
    }
}
