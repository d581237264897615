package vn.tipline.indicator;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import vn.tipline.account.Officer;
import vn.tipline.tip.TipPageController;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a tip's indicators to the tip page's model ({@code officer/tip-indicators.html} shows them),
 * so the tip desk does not depend on this feature. Only for the page itself, only for a tip the
 * officer may see.
 */
@ControllerAdvice(assignableTypes = TipPageController.class)
class TipIndicatorsModel {

    private static final Pattern TIP_PAGE = Pattern.compile("/admin/tips/([^/]+)");

    private final IndicatorDesk desk;

    TipIndicatorsModel(IndicatorDesk desk) {
        this.desk = desk;
    }

    @ModelAttribute
    void indicators(Officer officer, HttpServletRequest request, Model model) {
        Matcher page = TIP_PAGE.matcher(request.getServletPath());
        if (!"GET".equals(request.getMethod()) || !page.matches()) {
            return;
        }
        try {
            model.addAttribute("tipIndicators", desk.ofTip(officer, page.group(1)));
        } catch (IndicatorNotFound notVisible) {
            // The tip page answers 404 itself.
        }
    }
}
