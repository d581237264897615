package vn.tipline.channel.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page, its files and its API are sent with a strict Content-Security-Policy and no
 * Referer; the page has nothing inline that such a policy would have to allow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WebChatPageHeadersTest {

    @LocalServerPort
    int port;

    private HttpResponse<String> request(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageItsFilesAndItsApiCarryAStrictPolicyAndNoReferrer() throws Exception {
        for (String path : new String[]{"/chat", "/chat/", "/chat/index.html", "/chat/chat.js", "/chat/chat.css"}) {
            assertStrict(request("GET", path), path);
        }
        assertStrict(request("POST", "/api/chat/sessions"), "/api/chat/sessions");
        assertStrict(request("GET", "/api/chat/inbox"), "/api/chat/inbox (refused)");
    }

    private static void assertStrict(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isLessThan(500);
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).as(what).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'",
                "require-trusted-types-for 'script'").doesNotContain("unsafe", "*", "http:", "https:", "data:");
        assertThat(response.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandler() throws Exception {
        // As served: the page is a template, its texts filled in from the message bundles.
        String html = request("GET", "/chat").body();
        assertThat(html).contains("data-texts=", "Kênh báo tin tội phạm");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"/chat/");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isPositive();
        assertThat(html).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContainPattern("(?i)javascript:");
    }
}
