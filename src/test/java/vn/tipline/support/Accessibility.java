package vn.tipline.support;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automated accessibility check: axe-core (Deque's own build, shipped in its Maven artefact, so
 * nothing is downloaded) run inside the real Chromium on the page as the test left it. Serious and
 * critical violations fail the test, each listed with the elements it found, so the failure says
 * what to fix; minor and moderate ones are the reviewer's call.
 */
public final class Accessibility {

    private static final Set<String> FAILING = Set.of("serious", "critical");

    private Accessibility() {
    }

    /** Fails with every serious or critical violation on the page {@code driver} shows now. */
    public static void assertNoSeriousViolations(WebDriver driver, String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        List<Rule> serious = results.getViolations().stream().filter(rule -> FAILING.contains(rule.getImpact())).toList();
        assertThat(serious).as("axe-core on %s:%n%s", page, describe(serious)).isEmpty();
    }

    /**
     * The same, for one part of the page ({@code selector}): a feature's block on a page whose other
     * parts are another feature's to fix.
     */
    public static void assertNoSeriousViolations(WebDriver driver, String page, String selector) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .include(selector).analyze(driver);
        List<Rule> serious = results.getViolations().stream().filter(rule -> FAILING.contains(rule.getImpact())).toList();
        assertThat(serious).as("axe-core on %s (%s):%n%s", page, selector, describe(serious)).isEmpty();
    }

    private static String describe(List<Rule> rules) {
        return rules.stream().map(rule -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + "\n"
                        + rule.getNodes().stream().map(node -> "    " + node.getTarget() + " " + node.getFailureSummary())
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }
}
