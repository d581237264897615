package vn.tipline.tip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import vn.tipline.account.AuditLog;
import vn.tipline.support.Browser;
import vn.tipline.support.EvidenceFiles;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tip filed through the web chat with a voice note, a video and a PDF: the stored files are clean,
 * the officer's page plays the recordings in Chromium (streamed with range requests) and offers the
 * PDF as a download; each view is audited once, and another unit's officer gets 404.
 */
class EvidencePlaybackTest extends OfficerTestBase {

    private static WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private Tip fileThroughTheWebChat() {
        WebChatClient reporter = WebChatClient.open(port);
        reporter.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở quán cà phê đầu hẻm 12, mỗi tối sau 10 giờ")
                .say("Hẻm 12 đường Lê Lợi").press("Hôm qua");
        reporter.sendFile(EvidenceFiles.oggOpus(3), "audio/ogg", "voice-Nguyen-Van-A.ogg");
        assertThat(reporter.lastText()).contains("Đã nhận tệp 1/5");
        reporter.sendFile(EvidenceFiles.mp4(2), "video/mp4", "VID_Nguyen_Van_A.mp4");
        assertThat(reporter.lastText()).contains("Đã nhận tệp 2/5");
        reporter.sendFile(EvidenceFiles.pdf(), "application/pdf", "bien-ban.pdf");
        assertThat(reporter.lastText()).contains("Đã nhận tệp 3/5");
        reporter.press("Xong").press("Gửi ẩn danh").press("Có, gửi đi");
        return fx.route(tipService.findByCode(reporter.receiptCode()).orElseThrow(), fx.unit("a"), fx.province("79"));
    }

    private HttpResponse<byte[]> get(String username, String path, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private long views(String code) {
        return mongo.count(Query.query(Criteria.where("action").is(AuditLog.Action.ATTACHMENT_VIEW).and("target").is(code)),
                AuditLog.COLLECTION);
    }

    @Test
    void recordingsAreStreamedInRangesThePdfIsADownloadAndEachViewIsAuditedOnce() throws Exception {
        Tip tip = fileThroughTheWebChat();
        String officer = fx.officer(fx.unit("a"));
        List<String> ids = tip.getAttachments();
        assertThat(ids).hasSize(3);
        String base = "/api/admin/tips/" + tip.getId() + "/attachments/";

        HttpResponse<byte[]> whole = get(officer, base + ids.get(1), null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(EvidenceFiles.contains(whole.body(), EvidenceFiles.GPS)).isFalse();
        assertThat(EvidenceFiles.contains(whole.body(), EvidenceFiles.DEVICE)).isFalse();
        long length = whole.body().length;

        HttpResponse<byte[]> part = get(officer, base + ids.get(1), "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 100, 200));
        HttpResponse<byte[]> tail = get(officer, base + ids.get(1), "bytes=-10");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole.body(), (int) length - 10, (int) length));
        assertThat(get(officer, base + ids.get(1), "bytes=" + length + "-").statusCode()).isEqualTo(416);
        // The whole read was a view; the player's seeks within it are not counted again.
        assertThat(views(tip.getCode())).isEqualTo(1);

        HttpResponse<byte[]> pdf = get(officer, base + ids.get(2), null);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(pdf.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(EvidenceFiles.contains(pdf.body(), EvidenceFiles.AUTHOR)).isFalse();
        assertThat(get(officer, base + ids.get(0), "bytes=0-").headers().firstValue("Content-Type")).hasValue("audio/ogg");
        assertThat(views(tip.getCode())).isEqualTo(3);

        // Another unit's officer: the tip does not exist for them, nor its files.
        String stranger = fx.officer(fx.unit("b"));
        assertThat(get(stranger, base + ids.get(1), "bytes=0-").statusCode()).isEqualTo(404);
        assertThat(get(stranger, base + ids.get(0), null).statusCode()).isEqualTo(404);
        assertThat(views(tip.getCode())).isEqualTo(3);
    }

    @Test
    void theOfficersPagePlaysTheVoiceNoteAndTheVideoInChromium() {
        Tip tip = fileThroughTheWebChat();
        String officer = fx.officer(fx.unit("a"));
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/admin");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/admin/login"));
        browser.findElement(By.id("username")).sendKeys(officer);
        browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("filters")));
        browser.get("http://localhost:" + port + "/admin/tips/" + tip.getId());

        JavascriptExecutor js = (JavascriptExecutor) browser;
        // HAVE_METADATA or more: Chromium read the container through the streaming endpoint and knows the length.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> (Boolean) js.executeScript(
                "return [...document.querySelectorAll('#evidence audio, #evidence video')].every(m => m.readyState >= 1)"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> media = (List<Map<String, Object>>) js.executeScript(
                "return [...document.querySelectorAll('#evidence audio, #evidence video')].map(m => "
                        + "({tag: m.tagName, duration: m.duration, error: m.error && m.error.code}))");
        assertThat(media).extracting(m -> m.get("tag")).containsExactly("AUDIO", "VIDEO");
        assertThat(((Number) media.get(0).get("duration")).doubleValue()).isBetween(2.5, 3.5);
        assertThat(((Number) media.get(1).get("duration")).doubleValue()).isBetween(1.5, 2.5);
        assertThat(media).allSatisfy(m -> assertThat(m.get("error")).isNull());
        // The PDF is a named download link, not an embedded viewer.
        var pdf = browser.findElement(By.cssSelector("#evidence a.document"));
        assertThat(pdf.getText()).contains("PDF");
        assertThat(pdf.getAttribute("download")).isNotNull();
        js.executeScript("document.getElementById('evidence').scrollIntoView()");
        Browser.screenshot(browser, "officer-tip-evidence");
    }

    @Test
    void theChatPageUploadsAVoiceNoteAndAVideoWithAProgressBar() throws IOException {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/chat");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("sessionStorage.clear(); location.reload();");
        wait.until(d -> bots() > 0);
        tap(wait, "Báo tin");
        tap(wait, "Ma túy");
        type(wait, "Có người bán ma túy ở quán cà phê đầu hẻm mỗi tối");
        type(wait, "Hẻm 12 Lê Lợi, Phường Sài Gòn");
        tap(wait, "Hôm qua");
        // Each upload shows a progress bar in the citizen's own bubble until the bot answers.
        js.executeScript("window.progressSeen = 0; new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {"
                + " if (n.querySelector && n.querySelector('progress')) { window.progressSeen++; } })))"
                + ".observe(document.getElementById('log'), {childList: true, subtree: true});");
        assertThat(browser.findElement(By.id("file")).getAttribute("accept")).contains("audio/*", "video/*", "application/pdf");
        Path voice = Files.createTempFile("voice", ".ogg");
        Path video = Files.createTempFile("clip", ".mp4");
        Files.write(voice, EvidenceFiles.oggOpus(2));
        Files.write(video, EvidenceFiles.mp4(2));
        try {
            upload(wait, voice);
            assertThat(lastBot()).contains("Đã nhận tệp 1/5");
            upload(wait, video);
            assertThat(lastBot()).contains("Đã nhận tệp 2/5");
        } finally {
            Files.deleteIfExists(voice);
            Files.deleteIfExists(video);
        }
        assertThat(((Number) js.executeScript("return window.progressSeen")).intValue()).isEqualTo(2);
        assertThat(browser.findElements(By.cssSelector("#log progress"))).isEmpty();
        tap(wait, "Xong");
        tap(wait, "Gửi ẩn danh");
        tap(wait, "Có, gửi đi");
        String code = lastBot().replaceAll("(?s).*?(TG-[2-9A-Z]{4}-[2-9A-Z]{4}).*", "$1");
        Tip tip = tipService.findByCode(code).orElseThrow();
        assertThat(tip.getAttachments()).hasSize(2);
    }

    private int bots() {
        return browser.findElements(By.cssSelector(".msg.bot")).size();
    }

    private String lastBot() {
        List<WebElement> all = browser.findElements(By.cssSelector(".msg.bot"));
        return all.get(all.size() - 1).getText();
    }

    private void tap(WebDriverWait wait, String label) {
        int before = bots();
        WebElement button = wait.until(d -> d.findElements(By.cssSelector(".buttons button:enabled")).stream()
                .filter(b -> b.getText().contains(label)).findFirst().orElse(null));
        button.click();
        wait.until(d -> bots() > before);
    }

    private void type(WebDriverWait wait, String text) {
        int before = bots();
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.id("send")).click();
        wait.until(d -> bots() > before);
    }

    private void upload(WebDriverWait wait, Path file) {
        int before = bots();
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        wait.until(d -> bots() > before);
    }
}
