package vn.tipline.channel.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.support.Browser;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A citizen whose address has started too many chats sees a polite notice in the page's language,
 * not an error code. (The same limits as {@link WebChatLimitsTest}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.forward-headers-strategy=native",
        "tipline.abuse.web.sessions-per-address-per-hour=5",
        "tipline.abuse.web.tips-per-address-per-hour=2"})
@ActiveProfiles("test")
class WebChatBusyPageBrowserTest {

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

    @Test
    void tooManyNewChatsFromHereIsAPoliteNoticeInThePagesLanguage() {
        browser.get("http://localhost:" + port + "/chat");
        wait.until(d -> !d.findElements(By.cssSelector(".msg.bot")).isEmpty());
        // From the browser itself (its address, whichever loopback it took): starts until refused.
        Object started = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "(async () => { let n = 0;"
                        + "  while ((await fetch('/api/chat/sessions', { method: 'POST' })).status === 201 && n < 50) { n++; }"
                        + "  done(n); })();");
        assertThat(((Number) started).intValue()).isLessThan(5);
        ((JavascriptExecutor) browser).executeScript("sessionStorage.removeItem('tipline.session');");
        browser.navigate().refresh();
        String notice = wait.until(d -> d.findElements(By.cssSelector(".msg.error")).stream().findFirst().orElse(null)).getText();
        assertThat(notice).contains("Xin bạn thử lại sau", "113").doesNotContain("429", "HTTP");
        assertThat(browser.findElements(By.cssSelector(".msg.bot"))).isEmpty();

        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('tipline.lang', 'en');"
                + "sessionStorage.removeItem('tipline.session');");
        browser.navigate().refresh();
        notice = wait.until(d -> d.findElements(By.cssSelector(".msg.error")).stream().findFirst().orElse(null)).getText();
        assertThat(notice).contains("Please try again later", "113");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    }
}
