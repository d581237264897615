package vn.tipline.police;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Http;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.PageSession;
import vn.tipline.support.RawHttp;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The place search behind the pickers of the campaigns and accounts pages: the bot's gazetteer
 * search, for any signed-in officer, by API credentials or by the page's session; nothing for
 * anyone else, never a 500 whatever is typed, a huge body refused before it is read.
 */
class PlaceSearchApiTest extends OfficerTestBase {

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> labels(JsonNode found) {
        List<String> labels = new ArrayList<>();
        found.path("options").forEach(o -> labels.add(o.path("kind").asText() + " " + o.path("name").asText()
                + " / " + o.path("province").asText() + " / " + o.path("unit").asText()));
        return labels;
    }

    @Test
    void aWardIsFoundByItsNameWithItsProvinceAndPoliceUnit() {
        String officer = fx.officer(fx.unit("a"));
        JsonNode found = as(officer).get("/api/admin/places?q=" + q("sai gon")).json();
        assertThat(labels(found)).contains("COMMUNE Phường Sài Gòn / Thành phố Hồ Chí Minh / CAX-26740");
        assertThat(found.path("options").size()).isBetween(1, 20);
    }

    @Test
    void provincesOnlyWhenAskedAndByPartOfTheirName() {
        String officer = fx.officer(fx.unit("a"));
        JsonNode found = as(officer).get("/api/admin/places?kinds=provinces&q=" + q("Hồ Chí Minh")).json();
        assertThat(labels(found)).containsExactly("PROVINCE Thành phố Hồ Chí Minh / Thành phố Hồ Chí Minh / CAT-79");
        assertThat(found.path("options").get(0).path("code").asInt()).isEqualTo(79);
    }

    @Test
    void withoutCredentialsTheApiAnswers401AndThePageSendsToSignIn() {
        Http.Response api = anonymous().get("/api/admin/places?q=" + q("sai gon"));
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.contentType()).contains("application/problem+json");
        assertThat(new PageSession(port).get("/admin/places?q=sai").statusCode()).isEqualTo(302);
    }

    @Test
    void thePageAsksWithItsSession() {
        String officer = fx.officer(fx.unit("a"));
        PageSession page = new PageSession(port);
        page.signIn(officer, Fixtures.PASSWORD);
        var answer = page.get("/admin/places?q=" + q("Phường Sài Gòn"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("CAX-26740");
    }

    @Test
    void hostileQueriesGetAnEmptyOrSaneListNeverAnError() {
        String officer = fx.officer(fx.unit("a"));
        for (String hostile : List.of("<script>alert(1)</script>", "'; db.dropDatabase(); //", ".*(", "\\", "%00",
                "\u0000\u202e", "💣💣💣", " ", "{\"$where\": \"1\"}", "Phường ".repeat(40))) {
            Http.Response answer = as(officer).get("/api/admin/places?q=" + q(hostile) + "&kinds=" + q(hostile));
            assertThat(answer.status()).as(hostile).isEqualTo(200);
            assertThat(answer.json().path("options").size()).as(hostile).isLessThanOrEqualTo(20);
            assertThat(answer.text()).doesNotContain("<script>");
        }
        assertThat(as(officer).get("/api/admin/places?q=" + q("a".repeat(5000))).json().path("options").size()).isZero();
    }

    @Test
    void aTwentyFiveMegabyteBodyIsRefusedWith413() throws IOException {
        String officer = fx.officer(fx.unit("a"));
        long size = 25L * 1024 * 1024;
        String basic = Base64.getEncoder().encodeToString((officer + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        RawHttp.Answer answer = new RawHttp(port).send("GET /api/admin/places?q=sai HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + basic + "\r\nContent-Type: application/json\r\nContent-Length: " + size
                + "\r\nConnection: close", out -> {
                    byte[] filler = new byte[64 * 1024];
                    Arrays.fill(filler, (byte) 'a');
                    for (long sent = 0; sent < size; sent += filler.length) {
                        out.write(filler);
                    }
                });
        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }
}
