package vn.tipline.account;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.tipline.support.Accessibility;
import vn.tipline.support.Browser;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accounts page in real headless Chromium, in Vietnamese at desktop width and in English at
 * 360 px: an administrator reaches it from the menu, creates an officer for a ward and a
 * supervisor for a province, both picked by name, and reads the one-time password. Checked by axe-core.
 */
class AccountPageBrowserTest extends OfficerTestBase {

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

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private void signIn(String username) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/admin/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("nav-accounts")));
    }

    private void pick(String picker, String typed, String option) {
        browser.findElement(By.cssSelector("#" + picker + " .picker-search")).sendKeys(typed);
        By choice = By.xpath("//div[@id='" + picker + "']//ul[contains(@class,'picker-results')]//button[.='" + option + "']");
        waiting().until(ExpectedConditions.elementToBeClickable(choice)).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#" + picker + " .picker-chips"),
                option));
    }

    private WebElement card(String username) {
        return browser.findElement(By.cssSelector("li.account[data-username='" + username + "']"));
    }

    private boolean overflowsSideways() {
        return (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth;");
    }

    @Test
    void inVietnameseAtDesktopWidthAnOfficerIsCreatedForAWardPickedByName() {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        signIn(fx.admin());
        browser.findElement(By.id("nav-accounts")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("account-form")));
        String username = fx.prefix + ".saigon";
        browser.findElement(By.id("account-username")).sendKeys(username);
        browser.findElement(By.id("account-display-name")).sendKeys("Trung úy Nguyễn Văn D");
        new Select(browser.findElement(By.id("account-role"))).selectByValue("OFFICER");
        pick("account-units", "Sài Gòn", "Phường Sài Gòn, Thành phố Hồ Chí Minh");
        browser.findElement(By.id("account-create")).click();
        WebElement secret = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#one-time-password .secret")));
        assertThat(secret.getText()).matches("[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}");
        assertThat(card(username).findElement(By.className("units")).getText())
                .contains("Công an phường Sài Gòn (TP Hồ Chí Minh) (CAX-26740)");
        assertThat(card(username).findElement(By.className("must-change")).getText()).isEqualTo("Phải đổi mật khẩu");
        Browser.screenshot(browser, "accounts-created-desktop-vi");
        Accessibility.assertNoSeriousViolations(browser, "accounts page (vi)");
    }

    @Test
    void inEnglishAtPhoneWidthASupervisorIsCreatedForAProvincePickedByName() {
        signIn(fx.admin());
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
        try {
            browser.get("http://localhost:" + port + "/admin/accounts?lang=en");
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("account-form")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Officers' accounts");
            String username = fx.prefix + ".hcm";
            browser.findElement(By.id("account-username")).sendKeys(username);
            new Select(browser.findElement(By.id("account-role"))).selectByValue("SUPERVISOR");
            pick("account-province", "ho chi minh", "Thành phố Hồ Chí Minh");
            browser.findElement(By.id("account-create")).click();
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#one-time-password .secret")));
            assertThat(browser.findElement(By.cssSelector(".flash.ok")).getText()).isEqualTo("Account created.");
            assertThat(card(username).findElement(By.className("province")).getText())
                    .isEqualTo("Province: Thành phố Hồ Chí Minh");
            assertThat(card(username).findElement(By.className("role")).getText()).isEqualTo("Province supervisor");
            assertThat(overflowsSideways()).isFalse();
            Browser.screenshot(browser, "accounts-created-360-en");
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});", card(username));
            Browser.screenshot(browser, "accounts-card-360-en");
            Accessibility.assertNoSeriousViolations(browser, "accounts page (en, 360 px)");
        } finally {
            ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            browser.get("http://localhost:" + port + "/admin/accounts?lang=vi");
        }
    }
}
