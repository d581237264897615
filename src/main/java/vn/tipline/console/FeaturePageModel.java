package vn.tipline.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import vn.tipline.account.AccountPageController;
import vn.tipline.broadcast.CampaignPageController;
import vn.tipline.indicator.IndicatorPageController;
import vn.tipline.tip.PageFormat;
import vn.tipline.tip.TipPageController;

/**
 * What the console's layout needs on a page another feature serves (formatting, the current path
 * for the menu). The shell adds it here, so the feature's page controller depends on nothing of
 * the console and the dependency points from the console to the feature.
 */
@ControllerAdvice(assignableTypes = {CampaignPageController.class, TipPageController.class, AccountPageController.class,
        IndicatorPageController.class})
class FeaturePageModel {

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        model.addAttribute("fmt", new PageFormat());
        model.addAttribute("currentPath", request.getServletPath());
    }
}
