package vn.tipline.indicator;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.tipline.account.Officer;
import vn.tipline.account.UnreadAnswers;
import vn.tipline.broadcast.CampaignRefused;

import java.util.Locale;

/**
 * The indicators page: what tips of the officer's scope named most over a period, with the trend
 * and the units; confirm (with a reason) or clear; draft a warning campaign from the confirmed
 * ones. The console's page shell adds what its layout needs.
 */
@Controller
@RequestMapping("/admin/indicators")
public class IndicatorPageController {

    private final IndicatorDesk desk;
    private final WarningCampaign campaign;
    private final UnreadAnswers unread;

    IndicatorPageController(IndicatorDesk desk, WarningCampaign campaign, UnreadAnswers unread) {
        this.desk = desk;
        this.campaign = campaign;
        this.unread = unread;
    }

    @GetMapping
    String page(Officer officer, @RequestParam(defaultValue = "30") int days, Model model) {
        model.addAttribute("officer", officer);
        model.addAttribute("newAnswers", unread.unreadAnswers(officer));
        model.addAttribute("ranking", desk.rank(officer, days));
        model.addAttribute("periods", IndicatorDesk.PERIODS);
        model.addAttribute("maxReason", IndicatorDesk.MAX_REASON);
        return "officer/indicators";
    }

    @PostMapping("/{id}/confirm")
    String confirm(Officer officer, @PathVariable String id, @RequestParam(defaultValue = "") String reason,
                   @RequestParam(defaultValue = "30") int days, RedirectAttributes flash) {
        return decide(officer, id, IndicatorRecord.Status.CONFIRMED, reason, days, flash);
    }

    @PostMapping("/{id}/clear")
    String clear(Officer officer, @PathVariable String id, @RequestParam(defaultValue = "") String reason,
                 @RequestParam(defaultValue = "30") int days, RedirectAttributes flash) {
        return decide(officer, id, IndicatorRecord.Status.CLEARED, reason, days, flash);
    }

    @PostMapping("/campaign")
    String draftCampaign(Officer officer, RedirectAttributes flash) {
        try {
            if (campaign.draft(officer).isPresent()) {
                flash.addFlashAttribute("message", "indicators.campaign_drafted");
                return "redirect:/admin/campaigns";
            }
            flash.addFlashAttribute("error", "indicators.campaign_none");
        } catch (CampaignRefused e) {
            flash.addFlashAttribute("error", "campaign.error." + e.reason().name().toLowerCase(Locale.ROOT));
        }
        return "redirect:/admin/indicators";
    }

    private String decide(Officer officer, String id, IndicatorRecord.Status status, String reason, int days,
                          RedirectAttributes flash) {
        try {
            desk.decide(officer, id, status, reason);
            flash.addFlashAttribute("message", status == IndicatorRecord.Status.CONFIRMED
                    ? "indicators.confirmed_flash" : "indicators.cleared_flash");
        } catch (IndicatorNotFound e) {
            flash.addFlashAttribute("error", "indicators.not_found");
        } catch (DecisionRefused e) {
            flash.addFlashAttribute("error", "indicators.reason_required");
            // The form keeps what was typed.
            flash.addFlashAttribute("draftReason", reason);
            flash.addFlashAttribute("draftFor", id);
        }
        return "redirect:/admin/indicators?days=" + (IndicatorDesk.PERIODS.contains(days) ? days : 30);
    }
}
