package vn.tipline.broadcast;

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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.support.Accessibility;
import vn.tipline.support.Browser;
import vn.tipline.support.Fixtures;
import vn.tipline.support.Images;
import vn.tipline.support.OfficerTestBase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaigns page in real headless Chromium: the first administrator drafts a campaign for a
 * ward picked by name that nobody has subscribed to yet, with a picture, previews it as Telegram
 * and Zalo will show it (nothing typed is lost), saves it; once a citizen subscribes, a supervisor
 * approves and schedules it. At desktop width and at 360 px, checked by axe-core.
 */
class CampaignPageBrowserTest extends OfficerTestBase {

    private static WebDriver browser;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Campaigns campaigns;

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

    private void desktop() {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    private void phone() {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
    }

    private void signIn(String username) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/admin/campaigns");
        waiting().until(ExpectedConditions.urlContains("/admin/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-form")));
    }

    private WebElement card(String title) {
        return browser.findElement(By.xpath("//li[contains(@class,'campaign')][.//h3[.='" + title + "']]"));
    }

    private void pickPlace(String typed, String option) {
        WebElement search = browser.findElement(By.id("campaign-place-search"));
        search.sendKeys(typed);
        By choice = By.xpath("//ul[@id='campaign-place-results']//button[.='" + option + "']");
        waiting().until(ExpectedConditions.elementToBeClickable(choice)).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#campaign-places .picker-chips"),
                option));
    }

    private boolean overflowsSideways() {
        return (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth;");
    }

    @Test
    void theFirstAdministratorDraftsForAWardByNameWithNobodySubscribedAndASupervisorApprovesAndSchedules() throws IOException {
        String admin = fx.admin();
        String supervisor = fx.supervisor(fx.province("1"));
        String title = "Truy nã " + UUID.randomUUID().toString().substring(0, 8);
        desktop();
        signIn(admin);
        browser.findElement(By.id("campaign-title")).sendKeys(title);
        browser.findElement(By.id("campaign-text-vi")).sendKeys("Công an phường Sài Gòn thông báo truy nã <đối tượng> & đồng bọn.");
        pickPlace("Sài Gòn", "Phường Sài Gòn, Thành phố Hồ Chí Minh");
        browser.findElement(By.id("topic-wanted")).click();
        Path picture = Files.createTempFile("truy-na", ".jpg");
        Files.write(picture, Images.jpegWithExif("GPS 10.77N 106.70E"));
        browser.findElement(By.id("campaign-image")).sendKeys(picture.toString());

        browser.findElement(By.id("campaign-preview-button")).click();
        WebElement telegram = waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#campaign-preview figure[data-channel='telegram'][data-language='vi']")));
        assertThat(telegram.findElement(By.className("picture")).getText()).isEqualTo("[Ảnh kèm theo]");
        assertThat(telegram.findElement(By.className("text")).getText()).contains("truy nã <đối tượng> & đồng bọn.");
        WebElement zalo = browser.findElement(By.cssSelector("#campaign-preview figure[data-channel='zalo'][data-language='vi']"));
        assertThat(zalo.findElements(By.className("bubble"))).hasSize(2);
        assertThat(browser.findElement(By.id("campaign-audience")).getText())
                .isEqualTo("Hiện có 0 người đăng ký phù hợp với đối tượng này.");
        // The preview was asked for in the background: everything typed and chosen is still there.
        assertThat(browser.findElement(By.id("campaign-title")).getAttribute("value")).isEqualTo(title);
        assertThat(browser.findElement(By.id("campaign-image")).getAttribute("value")).endsWith(".jpg");
        assertThat(browser.findElement(By.id("topic-wanted")).isSelected()).isTrue();
        Browser.screenshot(browser, "campaigns-preview-desktop");
        Accessibility.assertNoSeriousViolations(browser, "campaigns page with a preview");

        browser.findElement(By.id("campaign-create")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã lưu bản nháp"));
        assertThat(card(title).findElement(By.className("state")).getText()).isEqualTo("Bản nháp");
        assertThat(card(title).findElement(By.className("reach")).getText()).isEqualTo("Hiện có 0 người đăng ký phù hợp");
        // The author's own draft: no approval offered to them, and a draft is never paused.
        assertThat(card(title).findElements(By.className("campaign-approve"))).isEmpty();
        assertThat(card(title).findElements(By.className("campaign-pause"))).isEmpty();
        assertThat(card(title).findElements(By.className("campaign-cancel"))).hasSize(1);
        WebElement thumbnail = card(title).findElement(By.className("campaign-image"));
        waiting().until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", thumbnail)));
        Campaign draft = campaigns.list().stream().filter(c -> title.equals(c.title())).findFirst().orElseThrow();
        assertThat(draft.audience().communes()).containsExactly(26740);
        assertThat(draft.author()).isEqualTo(admin);

        subscriptions.subscribe("page-test-" + UUID.randomUUID(), "telegram", 79, 26740, List.of("wanted"), "vi");
        signIn(supervisor);
        assertThat(card(title).findElement(By.className("reach")).getText()).isEqualTo("Hiện có 1 người đăng ký phù hợp");
        assertThat(card(title).findElements(By.className("campaign-schedule"))).isEmpty();
        card(title).findElement(By.className("campaign-approve")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã duyệt"));
        assertThat(card(title).findElement(By.className("state")).getText()).isEqualTo("Đã duyệt");
        assertThat(card(title).findElements(By.className("campaign-approve"))).isEmpty();
        card(title).findElement(By.className("campaign-schedule")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã lên lịch"));
        Campaign scheduled = campaigns.list().stream().filter(c -> title.equals(c.title())).findFirst().orElseThrow();
        assertThat(scheduled.state()).isIn(Campaign.State.SCHEDULED, Campaign.State.SENDING, Campaign.State.DONE);
        assertThat(scheduled.approvedBy()).isEqualTo(supervisor);
        Browser.screenshot(browser, "campaigns-scheduled-desktop");
    }

    @Test
    void atPhoneWidthNothingOverflowsAndThePlaceIsPickedByName() {
        String admin = fx.admin();
        signIn(admin);
        phone();
        try {
            browser.navigate().refresh();
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-form")));
            browser.findElement(By.id("campaign-text-vi")).sendKeys("Cảnh báo lừa đảo qua điện thoại giả danh công an.");
            WebElement search = browser.findElement(By.id("campaign-place-search"));
            search.sendKeys("Sài Gòn");
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#campaign-place-results button")));
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});",
                    browser.findElement(By.id("campaign-places")));
            assertThat(overflowsSideways()).isFalse();
            Browser.screenshot(browser, "campaigns-picker-results-360");
            search.clear();
            pickPlace("Hồ Chí Minh", "Thành phố Hồ Chí Minh");
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});",
                    browser.findElement(By.id("campaign-places")));
            Browser.screenshot(browser, "campaigns-picked-360");
            browser.findElement(By.id("campaign-preview-button")).click();
            waiting().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#campaign-preview figure[data-channel='zalo']")));
            assertThat(overflowsSideways()).isFalse();
            Browser.screenshot(browser, "campaigns-preview-360");
            Accessibility.assertNoSeriousViolations(browser, "campaigns page at 360 px");
            browser.findElement(By.id("campaign-create")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã lưu bản nháp"));
            assertThat(overflowsSideways()).isFalse();
            Browser.screenshot(browser, "campaigns-list-360");
        } finally {
            desktop();
        }
    }
}
