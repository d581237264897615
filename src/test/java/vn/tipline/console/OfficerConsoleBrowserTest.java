package vn.tipline.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.tipline.support.Browser;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.support.WebChatClient;
import vn.tipline.tip.TimelineEntry;
import vn.tipline.tip.Tip;
import vn.tipline.tip.TipStatus;
import vn.tipline.tip.Topic;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The officers' page in real headless Chromium: sign in, the queue, a tip filed through the web
 * chat (with a photo), status change, a follow-up question that the reporter sees in the web
 * chat page and answers, the answer back on the tip; hostile tip content stays inert.
 */
class OfficerConsoleBrowserTest extends OfficerTestBase {

    private static WebDriver browser;

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

    private WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signIn(String username) {
        browser.manage().deleteAllCookies();
        browser.get(url("/admin"));
        waiting(10).until(ExpectedConditions.urlContains("/admin/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("filters")));
    }

    private static byte[] photo() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void anOfficerWorksATipFromTheWebChatAndTheReporterAnswersInTheChatPage() throws IOException {
        // A citizen files a tip with a photo through the web chat; routing puts it in the officer's unit.
        WebChatClient reporter = WebChatClient.open(port);
        reporter.press("Báo tin").press("Ma túy").say("Có người bán ma túy ở quán cà phê đầu hẻm 12, mỗi tối sau 10 giờ")
                .say("Hẻm 12 đường Lê Lợi").press("Hôm qua").sendPhoto(photo(), "image/png").press("Xong")
                .press("Gửi ẩn danh").press("Có, gửi đi");
        Tip tip = fx.route(tipService.findByCode(reporter.receiptCode()).orElseThrow(), fx.unit("a"), fx.province("79"));
        String officer = fx.officer(fx.unit("a"));

        browser.manage().window().setSize(new Dimension(1280, 1000));
        signIn(officer);
        WebElement listed = browser.findElement(By.linkText(tip.getCode()));
        assertThat(browser.findElement(By.cssSelector("ol.tips")).getText()).contains("quán cà phê đầu hẻm 12", "1 ảnh");
        Path shot = Browser.screenshot(browser, "officer-queue");
        assertThat(Files.size(shot)).isPositive();

        listed.click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("tip-code"), tip.getCode()));
        assertThat(browser.findElement(By.id("tip-description")).getText()).contains("quán cà phê đầu hẻm 12");
        WebElement img = browser.findElement(By.cssSelector(".photos img"));
        waiting(10).until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", img)).intValue() == 64);

        browser.findElement(By.id("claim")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("tip-assignee"), officer));
        browser.findElement(By.id("status-IN_REVIEW")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("tip-status"), "Đang xác minh"));
        assertThat(mongo.findById(tip.getId(), Tip.class).getStatus()).isEqualTo(TipStatus.IN_REVIEW);

        browser.findElement(By.id("question-text")).sendKeys("Người bán đi xe máy màu gì?");
        browser.findElement(By.id("send-question")).click();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"),
                "Đã gửi câu hỏi"));
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("Người bán đi xe máy màu gì?", "đã gửi");
        String officerWindow = browser.getWindowHandle();

        // The reporter's chat page (same session) polls its inbox, shows the question, and answers with the button.
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        // A fresh tab starts its own session; wait for it to be stored, or its late answer would overwrite the
        // reporter's session put in below (CI saw that once: the page then polled a session with no question).
        browser.get(url("/chat"));
        JavascriptExecutor page = (JavascriptExecutor) browser;
        String storedSession = "return sessionStorage.getItem('tipline.session')";
        waiting(10).until(d -> page.executeScript(storedSession) != null);
        page.executeScript("sessionStorage.setItem('tipline.session', arguments[0]);", reporter.session());
        browser.navigate().refresh();
        assertThat(page.executeScript(storedSession)).isEqualTo(reporter.session());
        WebElement reply = waiting(20).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'msg') and contains(., 'Người bán đi xe máy màu gì?')]"
                        + "//button[contains(., 'Trả lời')]")));
        reply.click();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "gõ câu trả lời"));
        browser.findElement(By.id("text")).sendKeys("Xe Wave màu đỏ, biển số bắt đầu bằng 59");
        browser.findElement(By.id("send")).click();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "Đã gửi câu trả lời"));
        browser.close();
        browser.switchTo().window(officerWindow);

        // Back on the officers' page: the queue flags the new answer; the tip shows it in its history.
        browser.get(url("/admin"));
        assertThat(browser.findElement(By.id("new-answers")).getText()).contains("1 tin có trả lời mới");
        browser.findElement(By.linkText(tip.getCode())).click();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                "Xe Wave màu đỏ, biển số bắt đầu bằng 59"));
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("Người báo trả lời", "người báo tin");
        assertThat(browser.getPageSource()).doesNotContain(reporter.session()).doesNotContain(tip.getReporterKey());
        assertThat(browser.findElements(By.id("new-answers"))).isEmpty();
        Browser.screenshot(browser, "officer-tip");

        browser.findElement(By.id("switch-language")).click();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "History"));
        assertThat(browser.findElement(By.id("tip-status")).getText()).isEqualTo("In review");
        browser.findElement(By.id("switch-language")).click();
        browser.get(url("/admin/stats"));
        assertThat(browser.findElement(By.id("total-received")).getText()).isEqualTo("1 tin nhận được");
        assertThat(browser.findElements(By.cssSelector("#chart rect.received"))).isNotEmpty();
        Browser.screenshot(browser, "officer-statistics");
        assertThat(mongo.findById(tip.getId(), Tip.class).getTimeline()).extracting(TimelineEntry::kind)
                .containsExactly(TimelineEntry.Kind.ASSIGNED, TimelineEntry.Kind.STATUS, TimelineEntry.Kind.QUESTION,
                        TimelineEntry.Kind.ANSWER);
    }

    @Test
    void hostileContentInATipIsShownAsTextAndNeverRuns() {
        String xss = OfficerPagesTest.XSS;
        Tip tip = tipService.file(new vn.tipline.tip.TipService.NewTip(fx.prefix + ":xss", Topic.OTHER,
                "Nội dung: " + xss, new Tip.Place(xss, null, null), xss, List.of(), false, xss, "reporter-xss-browser",
                false, "web", "vi"));
        fx.route(tip, fx.unit("x"), null);
        String officer = fx.officer(fx.unit("x"));
        as(officer).post("/api/admin/tips/" + tip.getId() + "/notes", Map.of("text", xss));

        browser.manage().window().setSize(new Dimension(420, 900));
        signIn(officer);
        String title = browser.getTitle();
        assertThat(browser.findElement(By.cssSelector("ol.tips")).getText()).contains("<script>document.title='pwned'</script>");
        browser.findElement(By.linkText(tip.getCode())).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("tip-code"), tip.getCode()));

        assertThat(browser.findElement(By.id("tip-description")).getText()).isEqualTo("Nội dung: " + xss);
        assertThat(browser.findElement(By.id("tip-contact")).getText()).isEqualTo(xss);
        assertThat(browser.findElement(By.id("timeline")).getText()).contains(xss);
        assertThat(browser.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        assertThat(browser.getTitle()).isNotEqualTo("pwned").contains(tip.getCode());
        assertThat(title).isNotEqualTo("pwned");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        Browser.screenshot(browser, "officer-tip-hostile-content-phone");
    }
}
