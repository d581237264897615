package vn.tipline.channel.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.Accessibility;
import vn.tipline.support.Browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat on a phone, in real headless Chromium: a whole tip at 360 and 390 px with the message
 * bar inside the screen at every step, a reload or a second tab that continues the conversation,
 * English throughout, the receipt code whole with a copy button, the emergency answer as an alert,
 * a network failure that loses nothing, axe-core at the main steps and a tip filed by keyboard alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WebChatPhoneBrowserTest {

    private static final String CODE = "TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}";

    @LocalServerPort
    int port;

    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void open() {
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    private void phone(int width) {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 740, "deviceScaleFactor", 1, "mobile", true));
    }

    private void load() {
        browser.get("http://localhost:" + port + "/chat");
        wait.until(d -> botMessages() > 0);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
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

    private String log() {
        return browser.findElement(By.id("log")).getText();
    }

    private String lastBotText() {
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        return bots.get(bots.size() - 1).getText();
    }

    /** No sideways scrolling, and the send button (and the message box) wholly on the screen. */
    private void fits(String step) {
        @SuppressWarnings("unchecked")
        Map<String, Number> m = (Map<String, Number>) js("const send = document.getElementById('send').getBoundingClientRect();"
                + "const text = document.getElementById('text').getBoundingClientRect();"
                + "return { width: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth,"
                + "  body: document.body.scrollWidth, left: send.left, right: send.right, bottom: send.bottom,"
                + "  height: window.innerHeight, textWidth: text.width };");
        int width = m.get("width").intValue();
        assertThat(m.get("scroll").intValue()).as(step + ": page width").isEqualTo(width);
        assertThat(m.get("body").intValue()).as(step + ": body width").isLessThanOrEqualTo(width);
        assertThat(m.get("left").doubleValue()).as(step + ": send button left").isGreaterThanOrEqualTo(0);
        assertThat(m.get("right").doubleValue()).as(step + ": send button right").isLessThanOrEqualTo(width);
        assertThat(m.get("bottom").doubleValue()).as(step + ": send button bottom").isLessThanOrEqualTo(m.get("height").doubleValue());
        assertThat(m.get("textWidth").doubleValue()).as(step + ": room to type").isGreaterThan(100);
    }

    private static void atLeast44(WebElement element, String what) {
        assertThat(element.getSize().getHeight()).as(what + " height").isGreaterThanOrEqualTo(44);
        assertThat(element.getSize().getWidth()).as(what + " width").isGreaterThanOrEqualTo(44);
    }

    @ParameterizedTest
    @ValueSource(ints = {360, 390})
    void aWholeTipFitsAPhoneAtEveryStep(int width) {
        phone(width);
        load();
        fits("menu");
        Accessibility.assertNoSeriousViolations(browser, "/chat menu at " + width + " px");
        tap("Báo tin");
        fits("topic");
        Accessibility.assertNoSeriousViolations(browser, "/chat topic buttons at " + width + " px");
        tap("Ma túy");
        fits("what");
        type("Có người bán ma túy ở quán cà phê đầu hẻm mỗi tối, khoảng tám giờ");
        assertThat(browser.findElement(By.id("locate")).isDisplayed()).as("the location button at the where step").isTrue();
        fits("where, with the location button");
        atLeast44(browser.findElement(By.id("locate")), "📍");
        Browser.screenshot(browser, "web-chat-where-" + width);
        type("Hẻm 12 Lê Lợi, Phường Sài Gòn");
        fits("when");
        tap("Hôm qua");
        fits("photos");
        tap("Bỏ qua");
        fits("anonymity");
        tap("Gửi ẩn danh");
        fits("summary");
        tap("Có, gửi đi");
        fits("receipt");
        Accessibility.assertNoSeriousViolations(browser, "/chat receipt at " + width + " px");
        Browser.screenshot(browser, "web-chat-receipt-" + width);

        // The code is one unbreakable piece, with a copy button beside it.
        for (WebElement each : browser.findElements(By.cssSelector(".msg.bot .code"))) {
            assertThat(each.getText()).matches(CODE);
            assertThat(((Number) js("return arguments[0].getClientRects().length;", each)).intValue())
                    .as("lines the code takes").isEqualTo(1);
            assertThat(each.getCssValue("white-space")).isEqualTo("nowrap");
        }
        WebElement code = browser.findElement(By.cssSelector(".msg.bot .receipt .code"));
        WebElement copy = browser.findElement(By.cssSelector(".msg.bot .receipt button.copy"));
        atLeast44(copy, "copy");
        assertThat(copy.getAccessibleName()).contains("Sao chép", code.getText());
        for (String id : new String[]{"lang", "restart", "photo", "send"}) {
            atLeast44(browser.findElement(By.id(id)), "#" + id);
        }
    }

    @Test
    void theCopyButtonCopiesTheCodeAndSaysSo() {
        phone(360);
        load();
        ((ChromeDriver) browser).executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", "http://localhost:" + port, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        tap("Báo tin");
        tap("Ma túy");
        type("Có người bán ma túy trong quán karaoke");
        type("Quán karaoke số 5 Lê Lợi");
        tap("Hôm nay");
        tap("Bỏ qua");
        tap("Gửi ẩn danh");
        tap("Có, gửi đi");
        String code = browser.findElement(By.cssSelector(".receipt .code")).getText();
        browser.findElement(By.cssSelector(".receipt button.copy")).click();
        WebElement status = browser.findElement(By.id("status"));
        wait.until(d -> !status.getText().isEmpty());
        assertThat(status.getText()).isEqualTo("Đã sao chép mã " + code + ".");
        assertThat(status.getAttribute("role")).isEqualTo("status");
        Object copied = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('failed: ' + e));");
        assertThat(copied).isEqualTo(code);
    }

    @Test
    void aReloadMidTipShowsTheConversationAndContinuesIt() {
        phone(360);
        load();
        tap("Báo tin");
        tap("Ma túy");
        type("Có người bán ma túy ở tiệm tạp hóa cuối hẻm");
        String before = log();
        browser.navigate().refresh();
        wait.until(d -> log().contains("Có người bán ma túy ở tiệm tạp hóa cuối hẻm"));
        assertThat(log()).isEqualTo(before);
        assertThat(browser.findElements(By.cssSelector(".msg.me"))).extracting(WebElement::getText)
                .containsExactly("📝 Báo tin, tố giác tội phạm", "Ma túy", "Có người bán ma túy ở tiệm tạp hóa cuối hẻm");
        assertThat(browser.findElements(By.cssSelector(".buttons button:enabled"))).as("old questions' buttons").isEmpty();
        assertThat(browser.findElement(By.id("locate")).isDisplayed()).as("the question waiting is the place").isTrue();
        fits("where, after a reload");

        type("Hẻm 40 Nguyễn Trãi, Phường Bến Thành");
        tap("Hôm qua");
        tap("Bỏ qua");
        tap("Gửi ẩn danh");
        tap("Có, gửi đi");
        String receipt = lastBotText();
        assertThat(receipt).containsPattern(CODE);
        String code = browser.findElement(By.cssSelector(".receipt .code")).getText();

        browser.navigate().refresh();
        wait.until(d -> !d.findElements(By.cssSelector(".receipt .code")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".receipt .code")).getText()).isEqualTo(code);
        assertThat(browser.findElements(By.cssSelector(".receipt button.copy"))).isNotEmpty();
        type("/status " + code);
        assertThat(lastBotText()).contains(code);
    }

    @Test
    void aSecondTabShowsTheConversationAndStartOverForgetsItEverywhere() {
        load();
        tap("Báo tin");
        tap("Lừa đảo");
        type("Có người nhắn tin giả danh ngân hàng xin mã OTP");
        String first = browser.getWindowHandle();
        String token = (String) js("return sessionStorage.getItem('tipline.session');");

        browser.switchTo().newWindow(WindowType.TAB);
        browser.get("http://localhost:" + port + "/chat");
        wait.until(d -> log().contains("Có người nhắn tin giả danh ngân hàng xin mã OTP"));
        assertThat(js("return sessionStorage.getItem('tipline.session');")).isEqualTo(token);
        type("Chợ Bến Thành, Phường Bến Thành");
        assertThat(log()).contains("Chợ Bến Thành, Phường Bến Thành");

        // A shared phone: "start over" in one tab, and no tab shows the old conversation any more.
        int before = botMessages();
        browser.findElement(By.id("restart")).click();
        wait.until(d -> botMessages() > 0 && botMessages() != before && !log().contains("ngân hàng"));
        String fresh = (String) js("return sessionStorage.getItem('tipline.session');");
        assertThat(fresh).isNotEqualTo(token);
        browser.switchTo().window(first);
        wait.until(d -> !log().contains("ngân hàng"));
        assertThat(js("return sessionStorage.getItem('tipline.session');")).isEqualTo(fresh);
        browser.navigate().refresh();
        wait.until(d -> botMessages() > 0);
        assertThat(log()).doesNotContain("ngân hàng").contains("Bạn muốn làm gì?");
    }

    @Test
    void englishThroughoutSurvivesAReload() {
        phone(360);
        load();
        int before = botMessages();
        browser.findElement(By.id("lang")).click();
        wait.until(d -> botMessages() > before);
        assertEnglish();
        Accessibility.assertNoSeriousViolations(browser, "/chat in English at 360 px");
        tap("Report a crime");
        Accessibility.assertNoSeriousViolations(browser, "/chat in English, a question with buttons");
        Browser.screenshot(browser, "web-chat-english-360");

        browser.navigate().refresh();
        wait.until(d -> log().contains("Report a crime"));
        assertEnglish();
        tap("Drugs");
        fits("what, in English");
    }

    private void assertEnglish() {
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.getTitle()).isEqualTo("Crime tip line");
        String header = browser.findElement(By.tagName("header")).getText();
        assertThat(header).contains("Crime tip line", "Emergency: call 113", "no account", "Start over", "Tiếng Việt")
                .doesNotContain("Kênh báo tin", "Bắt đầu lại", "English");
        assertThat(browser.findElement(By.id("text")).getAttribute("placeholder")).isEqualTo("Type a message…");
        assertThat(browser.findElement(By.id("text")).getAccessibleName()).isEqualTo("Message");
        assertThat(browser.findElement(By.id("send")).getText()).isEqualTo("Send");
        assertThat(browser.findElement(By.id("photo")).getAccessibleName()).isEqualTo("Send a photo, recording, video or PDF");
        assertThat(browser.findElement(By.id("lang")).getAttribute("lang")).isEqualTo("vi");
    }

    @Test
    void theEmergencyAnswerIsAnAlertWithNumbersToCall() {
        phone(360);
        load();
        type("cứu với, có người đang phá cửa nhà tôi");
        WebElement alert = wait.until(d -> d.findElements(By.cssSelector(".msg.bot.alert")).stream().findFirst().orElse(null));
        assertThat(alert.getAttribute("role")).isEqualTo("alert");
        assertThat(alert.findElements(By.cssSelector("a"))).extracting(a -> a.getAttribute("href"))
                .containsExactly("tel:113", "tel:114", "tel:115");
        assertThat(alert.getCssValue("background-color")).isNotEqualTo(
                browser.findElements(By.cssSelector(".msg.bot:not(.alert)")).get(0).getCssValue("background-color"));
        assertThat(browser.findElements(By.cssSelector("header a"))).extracting(a -> a.getAttribute("href"))
                .containsExactly("tel:113", "tel:114", "tel:115");
        js("arguments[0].scrollIntoView();", alert);
        Browser.screenshot(browser, "web-chat-emergency-360");
        Accessibility.assertNoSeriousViolations(browser, "/chat emergency answer");
    }

    @Test
    void aNetworkFailureIsAPoliteNoticeWithARetryAndNothingTypedIsLost() {
        phone(360);
        load();
        tap("Báo tin");
        tap("Ma túy");
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        String story = "Có người bán ma túy ở sân bóng mỗi chiều";
        browser.findElement(By.id("text")).sendKeys(story);
        browser.findElement(By.id("send")).click();
        WebElement notice = wait.until(d -> d.findElements(By.cssSelector(".msg.error")).stream().findFirst().orElse(null));
        assertThat(notice.getText()).contains("Chưa gửi được", "Thử lại").doesNotContain("Failed to fetch", "HTTP", "(");
        assertThat(notice.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElement(By.id("text")).getAttribute("value")).isEqualTo(story);
        assertThat(browser.findElements(By.cssSelector(".msg.me"))).extracting(WebElement::getText).doesNotContain(story);
        Accessibility.assertNoSeriousViolations(browser, "/chat network failure notice");

        chrome.executeCdpCommand("Network.emulateNetworkConditions",
                Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        int before = botMessages();
        notice.findElement(By.cssSelector("button.retry")).click();
        wait.until(d -> botMessages() > before);
        assertThat(browser.findElements(By.cssSelector(".msg.error"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".msg.me"))).extracting(WebElement::getText).containsOnlyOnce(story);
        assertThat(browser.findElement(By.id("text")).getAttribute("value")).isEmpty();
    }

    /** Tab until a button whose text or name contains {@code label} has the focus, then Enter. */
    private void keyboard(String label) {
        int before = botMessages();
        Actions keys = new Actions(browser);
        for (int i = 0; i < 80; i++) {
            keys.sendKeys(Keys.TAB).perform();
            WebElement focused = browser.switchTo().activeElement();
            String name = focused.getText() + " " + focused.getAccessibleName();
            if ("button".equals(focused.getTagName()) && name.contains(label) && focused.isEnabled()) {
                keys.sendKeys(Keys.ENTER).perform();
                try {
                    wait.until(d -> botMessages() > before);
                } catch (RuntimeException e) {
                    Browser.screenshot(browser, "debug-keyboard");
                    throw new AssertionError("focused " + name + " / " + focused.getTagName() + " log: " + log(), e);
                }
                return;
            }
        }
        throw new AssertionError("Tab never reached " + label);
    }

    private void keyboardType(String text) {
        int before = botMessages();
        Actions keys = new Actions(browser);
        for (int i = 0; i < 80 && !"text".equals(browser.switchTo().activeElement().getAttribute("id")); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        keys.sendKeys(text).sendKeys(Keys.ENTER).perform();
        wait.until(d -> botMessages() > before);
    }

    @Test
    void aTipIsFiledWithTheKeyboardAlone() {
        phone(360);
        load();
        keyboard("Báo tin");
        keyboard("Ma túy");
        keyboardType("Có người bán ma túy ở công viên gần trường");
        // The photo button is in the Tab order, named, and Enter opens the file picker.
        js("document.getElementById('file').addEventListener('click', e => { e.preventDefault(); window.picked = true; });");
        Actions keys = new Actions(browser);
        for (int i = 0; i < 10 && !"photo".equals(browser.switchTo().activeElement().getAttribute("id")); i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertThat(browser.switchTo().activeElement().getAccessibleName()).isEqualTo("Gửi ảnh, ghi âm, video hoặc PDF");
        keys.sendKeys(Keys.ENTER).perform();
        assertThat(js("return window.picked === true;")).isEqualTo(true);
        keyboardType("Công viên Lê Văn Tám");
        keyboard("Hôm qua");
        keyboard("Bỏ qua");
        keyboard("Gửi ẩn danh");
        keyboard("Có, gửi đi");
        assertThat(lastBotText()).containsPattern(CODE);
    }
}
