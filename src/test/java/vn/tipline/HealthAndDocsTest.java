package vn.tipline;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What a deployer checks first: health with the store UP, the API docs, the chat page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HealthAndDocsTest {

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthShowsTheStoreUp() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"mongo\":{\"status\":\"UP\"}");
        // The gazetteer loads after start-up: UNKNOWN meanwhile (the service is UP all the same), then UP.
        assertThat(health.body()).containsAnyOf("\"gazetteer\":{\"status\":\"UNKNOWN\"}", "\"gazetteer\":{\"status\":\"UP\"}");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> get("/actuator/health").body().contains("\"gazetteer\":{\"status\":\"UP\"}"));
    }

    @Test
    void apiDocsDescribeTheChatApi() throws Exception {
        HttpResponse<String> docs = get("/api/docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/chat/sessions");
    }

    @Test
    void chatPageIsServed() throws Exception {
        HttpResponse<String> page = get("/chat");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Kênh báo tin tội phạm", "chat.js");
    }

    @Test
    void unknownPathsAreA404ProblemNotA500() throws Exception {
        HttpResponse<String> missing = get("/api/chat/nothing-here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(get("/api/nothing-here").statusCode()).as("anything not public needs an account first").isEqualTo(401);
    }
}
