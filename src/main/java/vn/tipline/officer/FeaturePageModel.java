package vn.tipline.officer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import vn.tipline.account.Officer;
import vn.tipline.broadcast.CampaignPageController;

/**
 * What the console's layout needs on a page another feature serves (formatting, the current path
 * for the menu, the unread-answers badge). The shell adds it here, so the feature's page controller
 * depends on nothing of the console and the dependency points from the console to the feature.
 */
@ControllerAdvice(assignableTypes = CampaignPageController.class)
class FeaturePageModel {

    private final TipQueue queue;

    FeaturePageModel(TipQueue queue) {
        this.queue = queue;
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request, Officer officer) {
        model.addAttribute("fmt", new PageFormat());
        model.addAttribute("currentPath", request.getServletPath());
        if (officer != null) {
            model.addAttribute("newAnswers", queue.unreadAnswers(officer));
        }
    }
}
