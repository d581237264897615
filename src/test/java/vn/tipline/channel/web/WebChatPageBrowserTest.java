package vn.tipline.channel.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.Browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A citizen files a tip on the /chat page in real headless Chromium, tapping buttons and typing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WebChatPageBrowserTest {

    @LocalServerPort
    int port;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void open() {
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        browser.get("http://localhost:" + port + "/chat");
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    private int botMessages() {
        return browser.findElements(By.cssSelector(".msg.bot")).size();
    }

    private void tap(String label) {
        int before = botMessages();
        WebElement button = wait.until(d -> d.findElements(By.cssSelector(".buttons button:enabled")).stream()
                .filter(b -> b.getText().contains(label)).findFirst().orElse(null));
        button.click();
        wait.until(d -> botMessages() > before);
    }

    private void type(String text) {
        int before = botMessages();
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.id("send")).click();
        wait.until(d -> botMessages() > before);
    }

    private String lastBotText() {
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        return bots.get(bots.size() - 1).getText();
    }

    @Test
    void citizenFilesATipAndChecksItsStatusOnThePage() {
        wait.until(d -> botMessages() > 0);
        assertThat(browser.findElement(By.tagName("header")).getText()).contains("113", "114", "115");
        tap("Báo tin");
        tap("Ma túy");
        type("Có người bán ma túy ở quán cà phê đầu hẻm mỗi tối");
        type("Hẻm 12 Lê Lợi, Phường Sài Gòn");
        tap("Hôm qua");
        tap("Bỏ qua");
        assertThat(browser.findElement(By.id("log")).getText()).contains("Telegram hoặc Zalo vẫn biết");
        tap("Gửi ẩn danh");
        tap("Có, gửi đi");
        String receipt = lastBotText();
        assertThat(receipt).containsPattern("TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}");
        String code = receipt.replaceAll("(?s).*?(TG-[2-9A-Z]{4}-[2-9A-Z]{4}).*", "$1");
        Browser.screenshot(browser, "web-chat-receipt");

        type("/status " + code);
        assertThat(lastBotText()).contains(code, "mới tiếp nhận");
    }

    @Test
    void hostileHtmlIsShownAsTextAndNeverRuns() {
        wait.until(d -> botMessages() > 0);
        tap("Báo tin");
        tap("Ma túy");
        String payload = "<img src=x onerror=\"document.title='pwned'\"> bán ma túy ở đây";
        type(payload);
        type("<b>Hẻm 9</b>");
        tap("Hôm nay");
        tap("Bỏ qua");
        tap("Gửi ẩn danh");
        assertThat(lastBotText()).contains(payload, "<b>Hẻm 9</b>");
        assertThat(browser.getTitle()).doesNotContain("pwned");
        assertThat(browser.findElements(By.cssSelector("#log img, #log b"))).isEmpty();
    }

    @Test
    void theSessionTokenIsInNoAddressThePageRequests() {
        wait.until(d -> botMessages() > 0);
        tap("Báo tin");
        tap("Ma túy");
        type("Có người bán ma túy ở tiệm net đầu hẻm");
        String token = (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('tipline.session');");
        assertThat(token).isNotBlank();
        String nonce = token.substring(0, token.indexOf('.'));
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                        + ".map(e => e.name);");
        assertThat(requested).anySatisfy(url -> assertThat(url).endsWith("/api/chat/messages"))
                .allSatisfy(url -> assertThat(url).doesNotContain(nonce));
        assertThat(browser.getCurrentUrl()).doesNotContain(nonce);
    }

    @Test
    void thePageRunsUnderItsContentSecurityPolicyWithoutAViolation() {
        wait.until(d -> botMessages() > 0);
        tap("Báo tin");
        type("/cancel");
        // The stylesheet is applied (a policy that blocked it would leave the header unstyled).
        assertThat(browser.findElement(By.tagName("header")).getCssValue("background-color")).isEqualTo("rgba(11, 61, 145, 1)");
        // Violations since the page began loading, buffered by the browser.
        Object violations = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const seen = [];"
                        + "const observer = new ReportingObserver(reports => reports.forEach(r => seen.push(JSON.stringify(r.body))),"
                        + "  { types: ['csp-violation'], buffered: true });"
                        + "observer.observe();"
                        + "setTimeout(() => { seen.push(...observer.takeRecords().map(r => JSON.stringify(r.body))); done(seen); }, 300);");
        assertThat((List<?>) violations).isEmpty();
    }

    @Test
    void languageSwitchShowsEnglish() {
        wait.until(d -> botMessages() > 0);
        int before = botMessages();
        browser.findElement(By.id("lang")).click();
        wait.until(d -> botMessages() > before);
        assertThat(browser.findElement(By.id("log")).getText()).contains("Switched to English", "Report a crime");
    }

    // A 360-pixel phone is the common case: with the location button shown, the text box must shrink
    // rather than push the send button off the screen.
    @Test
    void theComposerFitsAPhoneScreenWhenThePlaceIsAsked() {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
        wait.until(d -> botMessages() > 0);
        tap("Báo tin");
        tap("Lừa đảo");
        type("Có người gọi điện giả danh công an yêu cầu chuyển tiền");
        assertThat(browser.findElement(By.id("locate")).isDisplayed()).isTrue();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Number sendRight = (Number) js.executeScript("return document.getElementById('send').getBoundingClientRect().right;");
        Number width = (Number) js.executeScript("return document.documentElement.clientWidth;");
        Number scrollWidth = (Number) js.executeScript("return document.documentElement.scrollWidth;");
        assertThat(width.intValue()).isEqualTo(360);
        assertThat(sendRight.doubleValue()).isLessThanOrEqualTo(width.doubleValue());
        assertThat(scrollWidth.intValue()).isEqualTo(width.intValue());
    }
}
