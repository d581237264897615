package vn.tipline.console;

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
import vn.tipline.support.Accessibility;
import vn.tipline.support.Browser;
import vn.tipline.support.Fixtures;
import vn.tipline.support.OfficerTestBase;
import vn.tipline.tip.Tip;
import vn.tipline.tip.Topic;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page an officer reaches (sign-in, queue, tip, statistics, password, a tip that is
 * not there, a mistyped address) in real Chromium, at desktop width and on a 360 px phone, in
 * Vietnamese and English: axe-core finds no serious or critical violation, units show by name,
 * and the statistics chart takes the width with readable labels and contrasting bars.
 */
class OfficerConsolePagesBrowserTest extends OfficerTestBase {

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

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void desktop() {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    private void phone() {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 740, "deviceScaleFactor", 1, "mobile", true));
    }

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private void signIn(String username) {
        browser.manage().deleteAllCookies();
        browser.get(url("/admin/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("wrong password");
        browser.findElement(By.id("sign-in")).click();
        waiting().until(ExpectedConditions.urlContains("error"));
        // A failed sign-in keeps the user name; only the password is typed again.
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo(username);
        Accessibility.assertNoSeriousViolations(browser, "sign-in after a failure");
        browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("filters")));
    }

    /** Opens a page, checks it with axe-core and saves a screenshot under the name given. */
    private void check(String path, String name) {
        browser.get(url(path));
        Accessibility.assertNoSeriousViolations(browser, name);
        Browser.screenshot(browser, name);
    }

    @Test
    void everyConsolePageIsAccessibleAndNamesUnitsAtDesktopAndPhoneWidthInBothLanguages() {
        String unit = "CAX-26740";
        Tip tip = fx.tip(unit, "79", Topic.DRUGS, "Có người bán ma túy ở quán cà phê đầu hẻm " + fx.prefix, true, List.of());
        Tip overdue = fx.tip(unit, "79", Topic.FRAUD, "Lừa đảo qua điện thoại " + fx.prefix, false, List.of());
        fx.setDueAt(overdue, Instant.now().minus(Duration.ofDays(2)));
        String officer = fx.officer(unit);
        as(officer).post("/api/admin/tips/" + tip.getId() + "/notes", Map.of("text", "Đã xác minh sơ bộ"));

        desktop();
        signIn(officer);
        for (String lang : List.of("vi", "en")) {
            for (String width : List.of("desktop", "phone")) {
                if (width.equals("phone")) {
                    phone();
                } else {
                    desktop();
                }
                String suffix = "-" + width + "-" + lang;
                check("/admin?sort=DUE_SOONEST&q=" + fx.prefix + "&lang=" + lang, "console-queue" + suffix);
                String queue = browser.findElement(By.cssSelector("ol.tips")).getText();
                assertThat(queue).contains("Công an phường Sài Gòn (TP Hồ Chí Minh)",
                        lang.equals("vi") ? "Quá hạn 2 ngày" : "Overdue by 2 days");
                check("/admin/tips/" + tip.getId(), "console-tip" + suffix);
                assertThat(browser.findElement(By.id("tip-unit")).getText()).contains("Công an phường Sài Gòn", unit);
                assertThat(browser.findElement(By.cssSelector("label[for=question-text]")).isDisplayed()).isTrue();
                assertThat(browser.findElement(By.cssSelector("label[for=note-text]")).isDisplayed()).isTrue();
                assertThat(browser.findElement(By.id("tip-deadline")).getText()).contains(lang.equals("vi") ? "Còn" : "left");
                if (lang.equals("en")) {
                    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Yesterday", "by " + officer)
                            .doesNotContain("Hôm qua");
                }
                check("/admin/stats", "console-stats" + suffix);
                checkChart(lang, width);
                check("/admin/password", "console-password" + suffix);
                check("/admin/tips/000000000000000000000000", "console-not-found" + suffix);
                check("/Chat", "console-mistyped" + suffix);
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(lang.equals("vi") ? "Không tìm thấy" : "Not found");
            }
        }
        browser.get(url("/admin?lang=vi"));
        desktop();
        browser.manage().deleteAllCookies();
        check("/admin/login", "console-sign-in-desktop-vi");
        phone();
        check("/admin/login?lang=en", "console-sign-in-phone-en");
        desktop();
    }

    /** The chart as wide as its card, labels at the page's size, bars with 3:1 contrast or more against the card. */
    private void checkChart(String lang, String width) {
        WebElement chart = browser.findElement(By.id("chart"));
        WebElement main = browser.findElement(By.tagName("main"));
        long content = (Long) script("const s = getComputedStyle(arguments[0]); "
                + "return Math.round(arguments[0].clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight));", main);
        assertThat(chart.getRect().getWidth()).as(width).isGreaterThan((int) (content * 0.85));
        WebElement label = chart.findElement(By.cssSelector(".period"));
        assertThat(label.getText()).matches(lang.equals("vi") ? "Tháng \\d{1,2}/\\d{4}" : "[A-Z][a-z]{2} \\d{4}");
        double fontPx = Double.parseDouble(((String) script("return getComputedStyle(arguments[0]).fontSize", label)).replace("px", ""));
        assertThat(fontPx).as("label size, %s", width).isGreaterThanOrEqualTo(13);
        String fill = (String) script("return getComputedStyle(arguments[0]).fill",
                chart.findElement(By.cssSelector("rect.received")));
        String background = (String) script("return getComputedStyle(arguments[0]).backgroundColor",
                browser.findElement(By.cssSelector("figure.chart")));
        assertThat(contrast(fill, background)).as("received bar %s on %s", fill, background).isGreaterThanOrEqualTo(4.5);
        WebElement periods = browser.findElement(By.id("over-time"));
        assertThat(periods.getRect().getWidth()).as("period table, %s", width)
                .isGreaterThanOrEqualTo(width.equals("phone") ? 300 : 400);
    }

    /** WCAG contrast ratio of two CSS rgb() colours. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9,.]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
