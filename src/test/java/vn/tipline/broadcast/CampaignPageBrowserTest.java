package vn.tipline.broadcast;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import vn.tipline.broadcast.Campaign;
import vn.tipline.broadcast.Campaigns;
import vn.tipline.broadcast.Subscriptions;
import vn.tipline.support.Browser;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaigns page in real headless Chromium: an officer drafts a campaign, cannot approve it,
 * a supervisor approves and schedules it; a supervisor trying to approve their own draft is refused.
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
        return new WebDriverWait(browser, Duration.ofSeconds(10));
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

    private WebElement row(String title) {
        return browser.findElement(By.xpath("//tr[contains(@class,'campaign')][td[1][.='" + title + "']]"));
    }

    @Test
    void anOfficerDraftsAndASupervisorApprovesAndSchedulesButNotTheirOwn() throws java.io.IOException {
        subscriptions.subscribe("page-test-" + UUID.randomUUID(), "telegram", 96, null, List.of("wanted"), "vi");
        String officer = fx.officer(fx.unit("a"));
        String supervisor = fx.supervisor(fx.province("1"));
        String title = "Truy nã " + UUID.randomUUID().toString().substring(0, 8);

        browser.manage().window().setSize(new Dimension(1280, 1000));
        signIn(officer);
        browser.findElement(By.id("campaign-title")).sendKeys(title);
        browser.findElement(By.id("campaign-text-vi")).sendKeys("Công an Cà Mau thông báo truy nã đối tượng Nguyễn Văn A.");
        browser.findElement(By.id("campaign-provinces")).sendKeys("96");
        browser.findElement(By.id("topic-wanted")).click();
        java.nio.file.Path picture = java.nio.file.Files.createTempFile("truy-na", ".jpg");
        java.nio.file.Files.write(picture, vn.tipline.support.Images.jpegWithExif("GPS 9.17N 105.15E"));
        browser.findElement(By.id("campaign-image")).sendKeys(picture.toString());
        browser.findElement(By.id("campaign-create")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã lưu bản nháp"));
        assertThat(row(title).findElement(By.className("state")).getText()).isEqualTo("Bản nháp");
        WebElement thumbnail = row(title).findElement(By.className("campaign-image"));
        waiting().until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth === 64;", thumbnail)));
        assertThat(row(title).findElement(By.className("progress")).getText()).contains("0 người nhận");

        row(title).findElement(By.className("campaign-approve")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.error"),
                "không được làm việc này"));

        signIn(supervisor);
        row(title).findElement(By.className("campaign-approve")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã duyệt"));
        assertThat(row(title).findElement(By.className("state")).getText()).isEqualTo("Đã duyệt");
        row(title).findElement(By.className("campaign-pause")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.error"),
                "trạng thái không cho phép"));

        // The supervisor's own draft: approving it is refused, in the page's language.
        String own = title + " (2)";
        browser.findElement(By.id("campaign-title")).sendKeys(own);
        browser.findElement(By.id("campaign-text-vi")).sendKeys("Tự duyệt?");
        browser.findElement(By.id("campaign-provinces")).sendKeys("96");
        browser.findElement(By.id("campaign-create")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã lưu bản nháp"));
        row(own).findElement(By.className("campaign-approve")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.error"),
                "không thể tự duyệt"));
        assertThat(row(own).findElement(By.className("state")).getText()).isEqualTo("Bản nháp");

        row(title).findElement(By.className("campaign-schedule")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Đã lên lịch"));
        Campaign scheduled = campaigns.list().stream().filter(c -> title.equals(c.title())).findFirst().orElseThrow();
        assertThat(scheduled.state()).isIn(Campaign.State.SCHEDULED, Campaign.State.SENDING, Campaign.State.DONE);
        assertThat(scheduled.approvedBy()).isEqualTo(supervisor);
        assertThat(scheduled.author()).isEqualTo(officer);
    }
}
