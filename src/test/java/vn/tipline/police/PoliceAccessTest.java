package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.tip.Tip;
import vn.tipline.tip.TipService;
import vn.tipline.tip.Topic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The police feature's admin API as an attacker with an account would try it: another ward's
 * relay threads, another province's tips to re-route, a tip pushed to another province. What is
 * outside the caller's scope answers 404 like what does not exist, and nothing changes; what is
 * done (relay answers and closes, re-routes, unit edits) is in the audit log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AdminApi.ADMIN_PASSWORD)
@ActiveProfiles("test")
class PoliceAccessTest {

    /** Two wards of Hồ Chí Minh City (province 79) and Hà Nội's provincial police (province 01). */
    private static final String WARD_A = "CAX-26743";
    private static final String WARD_B = "CAX-26740";
    private static final String HANOI = "CAT-01";
    private static final String CONTACT = "Trần Thị B, 0912 345 678";

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    TipService tips;

    @Autowired
    Gazetteer gazetteer;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final String prefix = "pa" + UUID.randomUUID().toString().substring(0, 6);
    private int sequence;

    @BeforeEach
    void unitsLoaded() {
        gazetteer.awaitReady();
    }

    private AdminApi admin() {
        return new AdminApi(port);
    }

    private AdminApi officer(String unit) {
        return officer(prefix + "o" + ++sequence, unit);
    }

    private AdminApi officer(String username, String unit) {
        return admin().account(username, "OFFICER", List.of(unit), null);
    }

    private AdminApi supervisor(String province) {
        return supervisor(prefix + "s" + ++sequence, province);
    }

    private AdminApi supervisor(String username, String province) {
        return admin().account(username, "SUPERVISOR", List.of(), province);
    }

    /** A named citizen's open thread with the unit, as the relay flow leaves it. */
    private RelayThread thread(String unit) {
        Instant now = Instant.now();
        String alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        StringBuilder code = new StringBuilder("TN-");
        for (int i = 0; i < 8; i++) {
            code.append(i == 4 ? "-" : "").append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return mongo.insert(new RelayThread(null, code.toString(), unit, "Công an phường", "reporter-" + UUID.randomUUID(), "vi",
                false, CONTACT, RelayThread.Status.OPEN,
                List.of(new RelayThread.Message(RelayThread.From.CITIZEN, "Có người buôn bán ma túy", now, null, null, null)),
                now, now, null, null));
    }

    private RelayThread stored(RelayThread thread) {
        return mongo.findById(thread.id(), RelayThread.class);
    }

    private Tip tip(String unit, String province) {
        Tip tip = tips.file(new TipService.NewTip(prefix + ":" + ++sequence, Topic.DRUGS, "Có điểm bán ma túy gần chợ",
                new Tip.Place("Phường Bến Thành", null, null), "hôm qua", List.of(), true, null,
                "reporter-" + UUID.randomUUID(), false, "web", "vi"));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())),
                new Update().set("unit", unit).set("province", province), Tip.class);
        return mongo.findById(tip.getId(), Tip.class);
    }

    private List<JsonNode> audit(String action, String target) {
        return audit("action=" + action + "&target=" + target);
    }

    private List<JsonNode> audit(String query) {
        AdminApi.Response page = admin().get("/api/admin/audit?" + query);
        assertThat(page.status()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        page.body().get("items").forEach(entries::add);
        return entries;
    }

    /** Every thread endpoint, against one unit and thread (bodies valid, so only scope can refuse). */
    private static Map<String, Function<AdminApi, AdminApi.Response>> threadEndpoints(String unit, String thread) {
        Map<String, Function<AdminApi, AdminApi.Response>> calls = new LinkedHashMap<>();
        String base = "/api/admin/units/" + unit + "/threads";
        calls.put("list", api -> api.get(base));
        calls.put("list open", api -> api.get(base + "?status=open"));
        calls.put("read", api -> api.get(base + "/" + thread));
        calls.put("answer", api -> api.postJson(base + "/" + thread + "/messages", "{\"text\": \"Chúng tôi là phường A\"}"));
        calls.put("close", api -> api.postJson(base + "/" + thread + "/close", "{}"));
        return calls;
    }

    @Test
    void anotherWardsThreadsDoNotExistForAnOfficer() {
        RelayThread theirs = thread(WARD_B);
        AdminApi wardA = officer(WARD_A);
        String nowhere = "/api/admin/units/CAX-99999/threads";
        AdminApi.Response missingUnit = wardA.get(nowhere);
        assertThat(missingUnit.status()).isEqualTo(404);

        threadEndpoints(WARD_B, theirs.code()).forEach((name, call) -> {
            AdminApi.Response response = call.apply(wardA);
            assertThat(response.status()).as(name).isEqualTo(404);
            assertThat(response.body().get("detail").asText()).as(name)
                    .isEqualTo(missingUnit.body().get("detail").asText().replace("CAX-99999", WARD_B));
            assertThat(response.raw()).as(name).doesNotContain(CONTACT).doesNotContain("buôn bán");
        });
        // Through their own unit's path, the other ward's thread is not found either.
        threadEndpoints(WARD_A, theirs.code()).forEach((name, call) -> {
            AdminApi.Response response = call.apply(wardA);
            assertThat(response.raw()).as(name).doesNotContain(CONTACT);
            if (name.startsWith("list")) {
                assertThat(response.raw()).as(name).doesNotContain(theirs.code());
            } else {
                assertThat(response.status()).as(name).isEqualTo(404);
            }
        });
        // A supervisor of another province is refused the same way.
        AdminApi hanoi = supervisor("01");
        threadEndpoints(WARD_B, theirs.code()).forEach((name, call) ->
                assertThat(call.apply(hanoi).status()).as(name).isEqualTo(404));

        // Nothing was written to the citizen's thread, nothing closed it.
        RelayThread after = stored(theirs);
        assertThat(after.status()).isEqualTo(RelayThread.Status.OPEN);
        assertThat(after.messages()).hasSize(1);
        assertThat(audit("RELAY_ANSWER", theirs.code())).isEmpty();

        // Its own ward, the province's supervisor and an administrator do see it.
        assertThat(officer(WARD_B).get("/api/admin/units/" + WARD_B + "/threads/" + theirs.code()).body()
                .get("contact").asText()).isEqualTo(CONTACT);
        assertThat(supervisor("79").get("/api/admin/units/" + WARD_B + "/threads").raw()).contains(theirs.code());
        assertThat(admin().get("/api/admin/units/" + WARD_B + "/threads/" + theirs.code()).status()).isEqualTo(200);
    }

    @Test
    void relayAnswersClosesAndReadsAreAuditedWithoutTheirText() {
        RelayThread thread = thread(WARD_B);
        String name = prefix + "answers";
        AdminApi wardB = officer(name, WARD_B);
        String base = "/api/admin/units/" + WARD_B + "/threads/" + thread.code();
        assertThat(wardB.get("/api/admin/units/" + WARD_B + "/threads").status()).isEqualTo(200);
        assertThat(wardB.get(base).status()).isEqualTo(200);
        assertThat(wardB.postJson(base + "/messages", "{\"text\": \"Cảm ơn, bạn thấy lúc mấy giờ?\"}").status())
                .isEqualTo(200);
        assertThat(wardB.postJson(base + "/close", "{}").status()).isEqualTo(200);

        List<JsonNode> answers = audit("RELAY_ANSWER", thread.code());
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).get("actor").asText()).isEqualTo(name);
        assertThat(answers.get(0).get("detail").asText()).contains(WARD_B).doesNotContain("mấy giờ");
        assertThat(audit("RELAY_CLOSE", thread.code())).singleElement()
                .satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo(name));
        assertThat(audit("RELAY_VIEW", thread.code())).hasSize(1);
        assertThat(audit("action=RELAY_LIST&actor=" + name)).singleElement()
                .satisfies(e -> assertThat(e.get("target").asText()).isEqualTo(WARD_B));
        assertThat(admin().get("/api/admin/audit?actor=" + name).raw()).doesNotContain("mấy giờ", CONTACT);
    }

    @Test
    void aSupervisorCannotPullAnotherProvincesTipNorPushOneThere() {
        Tip hanoi = tip(HANOI, "01");
        String name = prefix + "routes";
        AdminApi hcmc = supervisor(name, "79");
        AdminApi.Response pulled = hcmc.putJson("/api/admin/tips/" + hanoi.getCode() + "/unit", "{\"unit\": \"" + WARD_A + "\"}");
        assertThat(pulled.status()).isEqualTo(404);
        AdminApi.Response nowhere = hcmc.putJson("/api/admin/tips/TG-2222-2222/unit", "{\"unit\": \"" + WARD_A + "\"}");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(pulled.body().get("title")).isEqualTo(nowhere.body().get("title"));
        assertThat(pulled.body().get("detail").asText().replace(hanoi.getCode(), "X"))
                .isEqualTo(nowhere.body().get("detail").asText().replace("TG-2222-2222", "X"));
        // Even a bad body tells nothing about the tip's existence.
        assertThat(hcmc.putJson("/api/admin/tips/" + hanoi.getCode() + "/unit", "{}").status()).isEqualTo(404);
        Tip stays = mongo.findById(hanoi.getId(), Tip.class);
        assertThat(stays.getUnit()).isEqualTo(HANOI);
        assertThat(stays.getRoutingHistory()).isNullOrEmpty();
        assertThat(stays.getVersion()).isEqualTo(hanoi.getVersion());

        Tip own = tip(WARD_A, "79");
        AdminApi.Response pushed = hcmc.putJson("/api/admin/tips/" + own.getCode() + "/unit", "{\"unit\": \"" + HANOI + "\"}");
        assertThat(pushed.status()).isEqualTo(403);
        assertThat(pushed.body().get("detail").asText()).contains("scope");
        assertThat(mongo.findById(own.getId(), Tip.class).getUnit()).isEqualTo(WARD_A);
        assertThat(audit("TIP_REROUTE", own.getCode())).isEmpty();

        // Within the province it moves, and the move is audited: who, from, to.
        assertThat(hcmc.putJson("/api/admin/tips/" + own.getCode() + "/unit", "{\"unit\": \"" + WARD_B + "\"}").status())
                .isEqualTo(200);
        List<JsonNode> moves = audit("TIP_REROUTE", own.getCode());
        assertThat(moves).hasSize(1);
        assertThat(moves.get(0).get("actor").asText()).isEqualTo(name);
        assertThat(moves.get(0).get("detail").asText()).isEqualTo("from " + WARD_A + " to " + WARD_B);

        // An administrator may move anything anywhere.
        assertThat(admin().putJson("/api/admin/tips/" + hanoi.getCode() + "/unit", "{\"unit\": \"" + WARD_A + "\"}")
                .status()).isEqualTo(200);
        assertThat(audit("TIP_REROUTE", hanoi.getCode())).hasSize(1);
    }

    @Test
    void unitEditsAndImportsAreAudited() {
        String hours = "Cả ngày " + prefix;
        assertThat(admin().patchJson("/api/admin/units/" + HANOI, "{\"hours\": \"" + hours + "\"}").status()).isEqualTo(200);
        List<JsonNode> edits = audit("UNIT_EDIT", HANOI);
        assertThat(edits).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("admin");
            assertThat(e.get("detail").asText()).isEqualTo("hours");
        });
        int imports = admin().get("/api/admin/audit?action=UNIT_IMPORT").body().get("total").asInt();
        assertThat(admin().post("/api/admin/units/import", "text/csv", "code,hours\n" + HANOI + ",\n").status())
                .isEqualTo(200);
        assertThat(admin().post("/api/admin/units/import?dryRun=true", "text/csv", "code,hours\n" + HANOI + ",x\n")
                .status()).isEqualTo(200);
        JsonNode imported = admin().get("/api/admin/audit?action=UNIT_IMPORT").body();
        assertThat(imported.get("total").asInt()).isEqualTo(imports + 1);
        assertThat(imported.get("items").get(0).get("detail").asText()).contains("1 rows", HANOI);
    }
}
