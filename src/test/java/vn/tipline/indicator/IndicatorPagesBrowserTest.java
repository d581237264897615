package vn.tipline.indicator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.broadcast.Campaign;
import vn.tipline.broadcast.Campaigns;
import vn.tipline.broadcast.Subscriptions;
import vn.tipline.support.Accessibility;
import vn.tipline.support.Browser;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.tip.Tip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tip page's indicators block and the indicators page in real headless Chromium: what an
 * officer sees of another ward's tip (a count and the unit, nothing to open), confirming with a
 * reason, and a warning campaign drafted from the confirmed ones; axe-core finds nothing serious.
 */
class IndicatorPagesBrowserTest extends OfficerTestBase {

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
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void signIn(String username, String path) {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + path);
        waiting().until(ExpectedConditions.urlContains("/admin/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    @Test
    void theTipPageShowsLinkedTipsInScopeAndOnlyACountOutside() {
        String unitA = fx.unit("a");
        String unitB = fx.unit("b");
        String phone = IndicatorsForTests.newPhone();
        Tip tipA = fx.tip(unitA, null, "Số " + phone + " gọi tự xưng công an, bắt chuyển tiền vào STK 0071000123456 Vietcombank.");
        Tip tipB = fx.tip(unitB, null, "Số " + phone.replace(" ", ".") + " gọi lừa mẹ tôi.");

        browser.manage().window().setSize(new Dimension(1280, 1000));
        signIn(fx.officer(unitA), "/admin/tips/" + tipA.getId());
        WebElement block = browser.findElement(By.id("tip-indicators"));
        assertThat(block.getText()).contains(IndicatorsForTests.e164(phone), "Số điện thoại", "0071000123456", "Vietcombank",
                "1 tin báo ở đơn vị khác: " + unitB);
        assertThat(browser.getPageSource()).doesNotContain(tipB.getCode(), tipB.getId());
        // The block only: the rest of the tip page is the tip desk's (its note and question boxes have no label yet).
        Accessibility.assertNoSeriousViolations(browser, "tip page", "#tip-indicators");

        signIn(fx.admin(), "/admin/tips/" + tipA.getId());
        browser.findElement(By.id("tip-indicators")).findElement(By.linkText(tipB.getCode())).click();
        waiting().until(ExpectedConditions.urlContains("/admin/tips/" + tipB.getId()));
        assertThat(browser.findElement(By.id("tip-indicators")).getText()).contains(tipA.getCode());
    }

    @Test
    void anOfficerConfirmsWithAReasonAndDraftsAWarningCampaign() {
        subscriptions.subscribe("indicator-page-" + UUID.randomUUID(), "telegram", 79, null, List.of(), "vi");
        String unit = fx.unit("a");
        String phone = IndicatorsForTests.newPhone();
        fx.tip(unit, null, "Số " + phone + " giả danh ngân hàng đòi mã OTP.");
        fx.tip(unit, null, "Lại số " + phone + " gọi đòi mã OTP.");
        String officer = fx.officer(unit);
        String id = IndicatorStore.idOf(new Indicator(IndicatorType.PHONE, IndicatorsForTests.e164(phone), null));

        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
        try {
            signIn(officer, "/admin/indicators");
            WebElement row = browser.findElement(By.id("indicator-" + id));
            assertThat(row.getText()).contains(IndicatorsForTests.e164(phone), "2 tin báo thuộc phạm vi của bạn", "Chưa xác minh");
            Accessibility.assertNoSeriousViolations(browser, "indicators page");

            // Without a reason: refused, nothing changes.
            row.findElement(By.className("confirm")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.error"), "Cần ghi lý do"));
            row = browser.findElement(By.id("indicator-" + id));
            row.findElement(By.name("reason")).sendKeys("Sao kê ngân hàng xác nhận");
            row.findElement(By.className("confirm")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã xác nhận"));
            row = browser.findElement(By.id("indicator-" + id));
            assertThat(row.getText()).contains("Đã xác nhận lừa đảo", "Sao kê ngân hàng xác nhận");
            Long overflow = (Long) ((ChromeDriver) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal overflow at 360 px").isLessThanOrEqualTo(0L);
            Browser.screenshot(browser, "indicators-page-360");

            browser.findElement(By.id("draft-campaign")).click();
            waiting().until(ExpectedConditions.urlContains("/admin/campaigns"));
            Campaign draft = campaigns.list().stream().filter(c -> c.textVi().contains(IndicatorsForTests.e164(phone)))
                    .findFirst().orElseThrow();
            assertThat(draft.state()).isEqualTo(Campaign.State.DRAFT);
            assertThat(draft.author()).isEqualTo(officer);
            assertThat(draft.textEn()).contains("Scam warning", IndicatorsForTests.e164(phone));
        } finally {
            ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
