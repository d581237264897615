package vn.tipline.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.RawHttp;
import vn.tipline.support.WebChatClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker sends over HTTP to the packaged service: bodies too large (declared or
 * chunked), bodies cut short, paths Tomcat or the firewall reject, malformed JSON and UTF-8, huge
 * headers. Every one gets a 4xx with RFC 9457 problem details (an HTML page for a browser on the
 * officers' pages), never a 500, never Tomcat's own page or a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tipline.http.max-body=64KB")
@ActiveProfiles("test")
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MB = 1024 * 1024;

    @LocalServerPort
    int port;

    private RawHttp raw() {
        return new RawHttp(port);
    }

    /** A session's header line, for heads sent to the chat API (the token travels only there). */
    private String session() {
        return "\r\nAuthorization: Bearer " + WebChatClient.open(port).session();
    }

    private static JsonNode problem(RawHttp.Answer answer, int status) throws IOException {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "at vn.", "at org.", "Tomcat");
        return problem;
    }

    /** {@code size} bytes of a JSON string, sent in 64 KB writes (the server may stop reading early). */
    private static RawHttp.Body jsonOf(int size) {
        return out -> {
            byte[] filler = new byte[64 * 1024];
            Arrays.fill(filler, (byte) 'a');
            out.write("{\"text\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int sent = 0; sent < size; sent += filler.length) {
                out.write(filler);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static RawHttp.Body chunked(int size) {
        return out -> {
            byte[] filler = new byte[16 * 1024];
            Arrays.fill(filler, (byte) 'a');
            writeChunk(out, "{\"text\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int sent = 0; sent < size; sent += filler.length) {
                writeChunk(out, filler);
            }
            writeChunk(out, "\"}".getBytes(StandardCharsets.US_ASCII));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String post(String path, String contentType, long length) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\nConnection: close";
    }

    @Test
    void aJsonBodyOverTheLimitIsRefusedWith413BeforeItIsRead() throws IOException {
        List<String> paths = List.of("/api/chat/messages", "/webhook/telegram",
                "/webhook/zalo", "/api/admin/tips/TG-2345-6789/notes", "/api/admin/units/import");
        for (String path : paths) {
            String head = post(path, "application/json", 19L * MB) + (path.startsWith("/api/chat") ? session() : "");
            JsonNode problem = problem(raw().send(head, jsonOf(19 * MB)), 413);
            assertThat(problem.path("detail").asText()).contains("65536");
        }
    }

    private static String chunkedPost(String path, String contentType) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close";
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() throws IOException {
        problem(raw().send(chunkedPost("/api/chat/messages", "application/json") + session(),
                chunked(2 * MB)), 413);
    }

    @Test
    void aChunkedBodyWithinTheLimitStillGetsThrough() throws IOException {
        RawHttp.Answer answer = raw().send(chunkedPost("/api/chat/messages", "application/json") + session(),
                out -> {
                    writeChunk(out, "{\"text\":\"/help\"}".getBytes(StandardCharsets.UTF_8));
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                });
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void aFormPostOverTheLimitIsRefusedWith413() throws IOException {
        RawHttp.Answer answer = raw().send(post("/admin/login", "application/x-www-form-urlencoded", 19L * MB)
                + "\r\nAccept: application/json", jsonOf(19 * MB));
        problem(answer, 413);
    }

    @Test
    void aChunkedFormPostOverTheLimitIsNot500() throws IOException {
        RawHttp.Answer answer = raw().send(chunkedPost("/admin/login", "application/x-www-form-urlencoded")
                + "\r\nAccept: application/json", out -> {
            writeChunk(out, "username=a&password=".getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[16 * 1024];
            Arrays.fill(block, (byte) 'b');
            for (int sent = 0; sent < 2 * MB; sent += block.length) {
                writeChunk(out, block);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        problem(answer, answer.status());
    }

    @Test
    void aBrowserPostingTooMuchToTheOfficersPagesGetsAnHtmlPage() throws IOException {
        RawHttp.Answer answer = raw().send(post("/admin/login", "application/x-www-form-urlencoded", 19L * MB)
                + "\r\nAccept: text/html,application/xhtml+xml", jsonOf(19 * MB));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).contains("<html").doesNotContain("Exception", "at org.", "Tomcat");
    }

    @Test
    void aPhotoOverTheUploadLimitGets413ProblemNot500() throws IOException {
        String path = "/api/chat/media";
        String session = session();
        String boundary = "----attack";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int size = 22 * MB; // over TIPLINE_MAX_UPLOAD (21 MB: a 20 MB video and the form around it)
        RawHttp.Body body = out -> {
            out.write(head);
            out.write(new byte[size]);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        };
        problem(raw().send(post(path, "multipart/form-data; boundary=" + boundary, head.length + size + 40L) + session,
                body), 413);
        problem(raw().send(chunkedPost(path, "multipart/form-data; boundary=" + boundary) + session, out -> {
            writeChunk(out, head);
            byte[] block = new byte[64 * 1024];
            for (int sent = 0; sent < size; sent += block.length) {
                writeChunk(out, block);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }), 413);
    }

    @Test
    void aMultipartBodyCutShortGets400Problem() throws IOException {
        String path = "/api/chat/media";
        String session = session();
        byte[] truncated = ("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\u00e0 half a photo").getBytes(StandardCharsets.ISO_8859_1);
        problem(raw().send(post(path, "multipart/form-data; boundary=xyz", truncated.length) + session, truncated), 400);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUploadWhoseClientLeavesMidwayIsA400AndNoErrorInTheLog(CapturedOutput output) throws IOException {
        String head = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        byte[] sent = (head + "half a photo").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer answer = raw().sendCutShort(post("/api/chat/media", "multipart/form-data; boundary=xyz",
                sent.length + 4096L) + session(), sent);
        JsonNode problem = problem(answer, 400);
        assertThat(problem.path("instance").asText()).isEqualTo("/api/chat/media");
        // Anyone can send this: it must not fill the log with errors.
        assertThat(output.getOut() + output.getErr()).doesNotContain("ERROR", "Unhandled error");
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFoundNot500() throws IOException {
        problem(raw().send("GET /error HTTP/1.1\r\nHost: localhost\r\nConnection: close", new byte[0]), 404);
        RawHttp.Answer page = raw().send("GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close",
                new byte[0]);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
    }

    @Test
    void pathsTomcatOrTheFirewallRejectGet400ProblemNotTomcatsPage() throws IOException {
        for (String path : List.of("/%00", "/api/chat/messages/%00", "/chat/%ZZ", "/api/chat/%2e%2e/admin",
                "/api/chat/sessions;jsessionid=1/x", "/api/chat/a%2Fb", "/admin/%0a", "/api/chat/\u00ff")) {
            RawHttp.Answer answer = raw().send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close",
                    new byte[0]);
            problem(answer, 400);
        }
    }

    @Test
    void malformedJsonWrongTypeAndInvalidUtf8GetProblemsNot500() throws IOException {
        String path = "/api/chat/messages";
        String session = session();
        byte[] broken = "{\"text\": \"xin chào".getBytes(StandardCharsets.UTF_8);
        problem(raw().send(post(path, "application/json", broken.length) + session, broken), 400);
        byte[] text = "xin chào".getBytes(StandardCharsets.UTF_8);
        problem(raw().send(post(path, "text/plain", text.length) + session, text), 415);
        ByteArrayOutputStream invalid = new ByteArrayOutputStream();
        invalid.write("{\"text\":\"".getBytes(StandardCharsets.US_ASCII));
        invalid.write(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
        invalid.write("\"}".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Answer answer = raw().send(post(path, "application/json", invalid.size()) + session, invalid.toByteArray());
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        if (answer.status() != 200) {
            problem(answer, answer.status());
        }
        byte[] unsigned = "{\"update_id\": 1, \"message\": ".getBytes(StandardCharsets.UTF_8);
        assertThat(raw().send(post("/webhook/telegram", "application/json", unsigned.length), unsigned).status())
                .isBetween(400, 499);
    }

    @Test
    void invalidUtf8InAFormPostIsNot500() throws IOException {
        byte[] form = new byte[]{'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '=', '%', 'C', '3', '%', '2', '8', '&',
                'p', 'a', 's', 's', 'w', 'o', 'r', 'd', '=', (byte) 0xFF, (byte) 0xFE};
        RawHttp.Answer answer = raw().send(post("/admin/login", "application/x-www-form-urlencoded", form.length), form);
        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        assertThat(answer.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void hugeHeadersGet4xxProblem() throws IOException {
        String huge = "GET /api/chat HTTP/1.1\r\nHost: localhost\r\nX-Junk: " + "a".repeat(64 * 1024) + "\r\nConnection: close";
        RawHttp.Answer answer = raw().send(huge, new byte[0]);
        problem(answer, answer.status());
        assertThat(answer.status()).isBetween(400, 499);
    }
}
