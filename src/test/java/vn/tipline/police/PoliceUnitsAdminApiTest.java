package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.nio.charset.Charset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gazetteer and police units as stored in MongoDB (over the real driver), and their
 * administration through the admin API: listing, editing, CSV/JSON import with validation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AdminApi.ADMIN_PASSWORD)
@ActiveProfiles("test")
class PoliceUnitsAdminApiTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    PoliceProperties properties;

    @Autowired
    Clock clock;

    @Autowired
    Gazetteer gazetteer;

    AdminApi api() {
        return new AdminApi(port);
    }

    @org.junit.jupiter.api.BeforeEach
    void gazetteerLoaded() {
        // It loads on its own thread after start-up; these tests read its collections directly.
        gazetteer.awaitReady();
    }

    @Test
    void theGazetteerIsStoredWithTheOfficialCounts() {
        assertThat(mongo.getCollection(GazetteerRecords.PROVINCES).countDocuments()).isEqualTo(34);
        assertThat(mongo.getCollection(GazetteerRecords.COMMUNES).countDocuments()).isEqualTo(3321);
        assertThat(mongo.getCollection(PoliceUnit.COLLECTION).countDocuments(new Document("kind", "COMMUNE"))).isEqualTo(3319);
        assertThat(mongo.getCollection(PoliceUnit.COLLECTION).countDocuments(new Document("kind", "PROVINCE"))).isEqualTo(34);
        Document saiGon = mongo.getCollection(GazetteerRecords.COMMUNES).find(new Document("_id", 26740)).first();
        assertThat(saiGon.getString("name")).isEqualTo("Phường Sài Gòn");
        assertThat(saiGon.getList("formerly", Document.class)).extracting(d -> d.getString("name"))
                .contains("Phường Bến Nghé", "Phường Đa Kao", "Phường Nguyễn Thái Bình");
        Document hoangSa = mongo.getCollection(GazetteerRecords.COMMUNES).find(new Document("_id", 20333)).first();
        assertThat(hoangSa.getString("policeUnit")).isEqualTo("CAT-48");
        assertThat(mongo.getCollection(PoliceUnit.COLLECTION).countDocuments(new Document("_id", "CAX-20333"))).isZero();

        JsonNode summary = api().get("/api/admin/units/summary").body();
        assertThat(summary.get("provinces").asInt()).isEqualTo(34);
        assertThat(summary.get("communes").asInt()).isEqualTo(3321);
        assertThat(summary.get("communePoliceUnits").asInt()).isEqualTo(3319);
        assertThat(summary.get("provincialPoliceUnits").asInt()).isEqualTo(34);
    }

    @Test
    void loadingAgainIsANoOpAndANewVersionUpdatesWithoutLosingContacts() {
        assertThat(api().patchJson("/api/admin/units/CAX-26743", "{\"hours\": \"Cả ngày\", \"phones\": [\"028 3822 0000\"]}")
                .status()).isEqualTo(200);
        Document meta = mongo.getCollection(GazetteerRecords.META).find().first();
        Object loadedAt = meta.get("loadedAt");

        List<Object> events = new CopyOnWriteArrayList<>();
        new Gazetteer(mongo, properties, clock, events::add).awaitReady();
        assertThat(mongo.getCollection(GazetteerRecords.META).find().first().get("loadedAt")).isEqualTo(loadedAt);
        // Once loaded, it says so, so that the heap the start-up work left can be handed back (HeapCompaction).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(events).containsExactly(new vn.tipline.system.StartUpWorkDone("Gazetteer load")));

        // A different version (here: Côn Đảo taken as without commune police) reloads and updates the units.
        List<Integer> zones = new ArrayList<>(properties.zonesWithoutCommunePolice());
        zones.add(26732);
        PoliceProperties changed = new PoliceProperties(null, zones, 8, 10, 5, 3, 30);
        try {
            Gazetteer reloaded = new Gazetteer(mongo, changed, clock, event -> { });
            assertThat(reloaded.index().communePoliceCount()).isEqualTo(3318);
            assertThat(mongo.findById("CAX-26732", PoliceUnit.class).retired()).isTrue();
            assertThat(mongo.findById("CAX-26743", PoliceUnit.class).hours()).isEqualTo("Cả ngày");
            assertThat(mongo.getCollection(GazetteerRecords.COMMUNES).countDocuments()).isEqualTo(3321);
        } finally {
            Gazetteer restored = new Gazetteer(mongo, properties, clock, event -> { });
            assertThat(restored.index().communePoliceCount()).isEqualTo(3319);
        }
        assertThat(mongo.findById("CAX-26732", PoliceUnit.class).retired()).isFalse();
        assertThat(mongo.findById("CAX-26743", PoliceUnit.class).phones()).containsExactly("028 3822 0000");
    }

    @Test
    void referenceFilesThatCannotBeReadLeaveTheServiceUpTipsRoutedNationallyAndTheLoadRetried(@TempDir Path empty)
            throws Exception {
        PoliceProperties broken = new PoliceProperties(empty.toString(), properties.zonesWithoutCommunePolice(), 8, 10, 5, 3, 30);
        List<Object> events = new CopyOnWriteArrayList<>();
        Gazetteer failed = new Gazetteer(mongo, broken, clock, events::add);
        try {
            assertThatThrownBy(failed::awaitReady).isInstanceOf(GazetteerUnavailable.class)
                    .hasMessageContaining("the gazetteer could not be loaded");
            assertThatThrownBy(() -> failed.search("Hải Châu")).isInstanceOf(GazetteerUnavailable.class);
            assertThat(new GazetteerHealthIndicator(failed).health().getStatus()).isEqualTo(vn.tipline.system.HealthStatuses.DEGRADED);
            assertThat(events).isEmpty();
            // A tip is still filed: without the gazetteer it goes to the national queue.
            PoliceTipRouter router = new PoliceTipRouter(failed, new PoliceUnits(mongo, failed, clock), broken);
            assertThat(router.route(new vn.tipline.tip.Tip.Place("phường Hải Châu, Đà Nẵng", null, null), null).method())
                    .isEqualTo(PoliceTipRouter.NATIONAL);
            assertThat(router.route(new vn.tipline.tip.Tip.Place(null, 16.06, 108.22), "CAX-20242").method())
                    .isEqualTo(PoliceTipRouter.NATIONAL);
            // The files put in place, the next attempt (5 s after the failure) loads them by itself.
            for (String name : List.of(GazetteerFiles.UNITS_FILE, GazetteerFiles.CONVERSION_FILE)) {
                try (java.io.InputStream in = new org.springframework.core.io.ClassPathResource("gazetteer/" + name).getInputStream()) {
                    java.nio.file.Files.copy(in, empty.resolve(name));
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(new GazetteerHealthIndicator(failed).health().getStatus()).isEqualTo(Status.UP));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(events).containsExactly(new vn.tipline.system.StartUpWorkDone("Gazetteer load")));
            assertThat(router.route(new vn.tipline.tip.Tip.Place("phường Hải Châu, Đà Nẵng", null, null), null).method())
                    .isNotEqualTo(PoliceTipRouter.NATIONAL);
        } finally {
            failed.stopLoading();
        }
        assertThat(new GazetteerHealthIndicator(gazetteer).health().getStatus()).isEqualTo(Status.UP);
        assertThat(mongo.getCollection(GazetteerRecords.COMMUNES).countDocuments()).isEqualTo(3321);
    }

    @Test
    void unitsAreListedByProvinceAndNameAndEachSaysWhetherItHasContacts() {
        AdminApi.Response page = api().get("/api/admin/units?province=48&q=hoa%20khanh&size=50");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("units")).isNotEmpty();
        assertThat(page.body().get("units")).allSatisfy(u -> {
            assertThat(u.get("provinceCode").asInt()).isEqualTo(48);
            assertThat(u.get("name").asText()).containsIgnoringCase("Hòa Khánh");
        });
        JsonNode unit = api().get("/api/admin/units/cax-20200").body();
        assertThat(unit.get("code").asText()).isEqualTo("CAX-20200");
        assertThat(unit.get("name").asText()).isEqualTo("Công an phường Hòa Khánh");
        assertThat(unit.get("hasContacts").asBoolean()).isFalse();
        assertThat(api().get("/api/admin/units/CAX-99999").status()).isEqualTo(404);
        assertThat(api().get("/api/admin/units?size=100000").status()).isEqualTo(400);
    }

    @Test
    void aCsvImportIsCheckedByADryRunThenAppliedWhole() {
        String csv = """
                code,name,address,phones,hours,latitude,longitude,telegram_chat_id
                CAX-20242,Công an phường Hải Châu,"1 Trần Phú, Hải Châu, Đà Nẵng",0236 3822 111;113,7:30 - 17:00,16.0678,108.2208,-1001111111111
                CAT-48,Công an Thành phố Đà Nẵng,80 Lê Duẩn,069 2680 111,,,,
                """;
        AdminApi.Response dry = api().post("/api/admin/units/import?dryRun=true", "text/csv", csv);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.body().get("dryRun").asBoolean()).isTrue();
        assertThat(dry.body().get("changed").asInt()).isEqualTo(2);
        assertThat(mongo.findById("CAX-20242", PoliceUnit.class).address()).isNull();

        AdminApi.Response applied = api().post("/api/admin/units/import", "text/csv; charset=utf-8", csv);
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.body().get("applied").asBoolean()).isTrue();
        PoliceUnit haiChau = mongo.findById("CAX-20242", PoliceUnit.class);
        assertThat(haiChau.address()).isEqualTo("1 Trần Phú, Hải Châu, Đà Nẵng");
        assertThat(haiChau.phones()).containsExactly("0236 3822 111", "113");
        assertThat(haiChau.latitude()).isEqualTo(16.0678);
        assertThat(haiChau.telegramChatId()).isEqualTo("-1001111111111");
        assertThat(haiChau.contactsUpdatedBy()).isEqualTo("admin");
        assertThat(mongo.findById("CAT-48", PoliceUnit.class).phones()).containsExactly("069 2680 111");
    }

    @Test
    void aFileWithAnyBadRowChangesNothingAndReportsEveryRow() {
        String before = api().get("/api/admin/units/CAX-20308").raw();
        String csv = """
                code,address,phones
                CAX-20308,Trụ sở mới,0236 1234 567
                CAX-20308,Trùng mã,0236 1234 568
                CAX-20333,Hoàng Sa,113
                CAX-00000,Không có,113
                CAX-20194,Địa chỉ,số điện thoại
                """;
        AdminApi.Response report = api().post("/api/admin/units/import", "text/csv", csv);
        assertThat(report.status()).isEqualTo(422);
        assertThat(report.raw()).contains("\"applied\":false");
        assertThat(report.body().get("title").asText()).isEqualTo("Invalid unit data");
        List<String> problems = new ArrayList<>();
        report.body().get("problems").forEach(p -> problems.add(p.get("row").asInt() + ": " + p.get("problem").asText()));
        assertThat(problems).anyMatch(p -> p.startsWith("3: code CAX-20308 appears again (first on row 2)"))
                .anyMatch(p -> p.startsWith("4: Đặc khu Hoàng Sa has no commune police; its provincial police is CAT-48"))
                .anyMatch(p -> p.startsWith("5: unknown unit code 'CAX-00000'"))
                .anyMatch(p -> p.startsWith("6: 'số điện thoại' is not a phone number"));
        assertThat(api().get("/api/admin/units/CAX-20308").raw()).isEqualTo(before);

        AdminApi.Response columns = api().post("/api/admin/units/import", "text/csv", "ma,dia_chi\nCAX-20308,x\n");
        assertThat(columns.status()).isEqualTo(422);
        assertThat(columns.raw()).contains("unknown column 'ma'", "no 'code' column");
    }

    @Test
    void jsonAndUploadedFilesAreImportedTheSameWay() {
        AdminApi.Response json = api().postJson("/api/admin/units/import",
                "[{\"code\": \"CAX-20209\", \"phones\": [\"0236 3730 000\"], \"zaloGroupId\": \"hk_group\"}]");
        assertThat(json.status()).isEqualTo(200);
        assertThat(mongo.findById("CAX-20209", PoliceUnit.class).zaloGroupId()).isEqualTo("hk_group");

        AdminApi.Response upload = api().upload("/api/admin/units/import", "units.csv", "text/csv",
                "code,hours\nCAX-20209,24/7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(upload.status()).isEqualTo(200);
        assertThat(mongo.findById("CAX-20209", PoliceUnit.class).hours()).isEqualTo("24/7");

        AdminApi.Response badJson = api().postJson("/api/admin/units/import", "{\"units\": [ {\"code\": ");
        assertThat(badJson.status()).isEqualTo(422);
        assertThat(badJson.raw()).contains("not valid JSON");

        byte[] legacy = "code,address\nCAX-20209,Hòa Khánh\n".getBytes(Charset.forName("windows-1258"));
        AdminApi.Response notUtf8 = api().upload("/api/admin/units/import", "units.csv", "text/csv", legacy);
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.raw()).contains("not UTF-8");
        assertThat(mongo.findById("CAX-20209", PoliceUnit.class).address()).isNull();

        assertThat(api().post("/api/admin/units/import", "application/xml", "<units/>").status()).isEqualTo(415);
    }

    @Test
    void oneUnitIsEditedThroughTheApiAndBadEditsAreRefused() {
        AdminApi.Response edited = api().patchJson("/api/admin/units/CAX-26740",
                "{\"address\": \"  12 Lê Duẩn,   Phường Sài Gòn \", \"latitude\": 10.7797, \"longitude\": 106.699}");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body().get("address").asText()).isEqualTo("12 Lê Duẩn, Phường Sài Gòn");
        assertThat(edited.body().get("hasContacts").asBoolean()).isTrue();
        AdminApi.Response cleared = api().patchJson("/api/admin/units/CAX-26740", "{\"address\": null}");
        assertThat(cleared.body().has("address")).isFalse();
        assertThat(cleared.body().get("latitude").asDouble()).isEqualTo(10.7797);

        assertThat(api().patchJson("/api/admin/units/CAX-26740", "{\"latitude\": 106.7, \"longitude\": 10.7}").status())
                .isEqualTo(422);
        assertThat(api().patchJson("/api/admin/units/CAX-26740", "{\"phones\": \"<b>113</b>\"}").status()).isEqualTo(422);
        assertThat(api().patchJson("/api/admin/units/CAX-26740", "{nope").status()).isEqualTo(422);
        assertThat(api().patchJson("/api/admin/units/CAX-99999", "{\"hours\": \"x\"}").status()).isEqualTo(404);
    }

    @Test
    void theOfficersSearchAnswersLikeTheBot() {
        JsonNode result = api().get("/api/admin/gazetteer/search?q=Ph%C6%B0%E1%BB%9Dng%20B%E1%BA%BFn%20Ngh%C3%A9%2C%20Qu%E1%BA%ADn%201").body();
        assertThat(result.get("outcome").asText()).isEqualTo("FOUND");
        assertThat(result.get("candidates").get(0).get("unit").asText()).isEqualTo("CAX-26740");
        assertThat(result.get("matchedKind").asText()).isEqualTo("OLD_COMMUNE");
        assertThat(api().get("/api/admin/gazetteer/search?q=").body().get("outcome").asText()).isEqualTo("INVALID");
    }
}
