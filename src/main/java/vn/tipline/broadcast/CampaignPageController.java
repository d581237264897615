package vn.tipline.broadcast;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.UnreadAnswers;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The campaigns page: draft a campaign (text, audience as province/commune codes, topics, channels,
 * optional send time in Vietnam time), approve, schedule, pause, resume, cancel, and see progress.
 * The same rules and audit as {@link CampaignController}. The console's page shell adds what its
 * layout needs (formatting, the current path), so this feature does not depend on the console.
 */
@Controller
@RequestMapping("/admin/campaigns")
public class CampaignPageController {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Campaigns campaigns;
    private final AuditLog audit;
    private final UnreadAnswers unread;

    CampaignPageController(Campaigns campaigns, AuditLog audit, UnreadAnswers unread) {
        this.campaigns = campaigns;
        this.audit = audit;
        this.unread = unread;
    }

    @GetMapping
    String list(Officer officer, Model model) {
        model.addAttribute("officer", officer);
        model.addAttribute("newAnswers", unread.unreadAnswers(officer));
        model.addAttribute("campaigns", campaigns.list());
        model.addAttribute("topics", Arrays.stream(NewsTopic.values()).map(NewsTopic::value).toList());
        return "officer/campaigns";
    }

    @PostMapping
    String create(Officer officer, @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String textVi, @RequestParam(defaultValue = "") String textEn,
                  @RequestParam(defaultValue = "") String provinces, @RequestParam(defaultValue = "") String communes,
                  @RequestParam(required = false) List<String> topics,
                  @RequestParam(required = false) List<String> channels,
                  @RequestParam(defaultValue = "") String sendAt,
                  @RequestParam(required = false) org.springframework.web.multipart.MultipartFile image,
                  RedirectAttributes flash) throws java.io.IOException {
        String[] created = {null};
        String page = act(officer, flash, AuditLog.Action.CAMPAIGN_CREATE, null, "campaign.created", () -> {
            Instant at = sendAt.isBlank() ? null : LocalDateTime.parse(sendAt).atZone(VIETNAM).toInstant();
            created[0] = campaigns.create(CampaignController.actor(officer), new Campaigns.Draft(title, textVi, textEn,
                    new Audience(codes(provinces), codes(communes), topics, channels), at)).id();
            return created[0];
        });
        if (created[0] != null && image != null && !image.isEmpty()) {
            byte[] data = image.getBytes();
            // The draft stays even if its picture is refused; the error says why.
            act(officer, flash, AuditLog.Action.CAMPAIGN_IMAGE, created[0], "campaign.created",
                    () -> campaigns.setImage(CampaignController.actor(officer), created[0], data).id());
        }
        return page;
    }

    @GetMapping("/{id}/image")
    org.springframework.http.ResponseEntity<org.springframework.core.io.Resource> image(@PathVariable String id) {
        try {
            return CampaignController.imageResponse(campaigns, id);
        } catch (CampaignRefused notFound) {
            return org.springframework.http.ResponseEntity.notFound().build();
        }
    }

    @PostMapping("/{id}/{action}")
    String change(Officer officer, @PathVariable String id, @PathVariable String action, RedirectAttributes flash) {
        Campaigns.Actor actor = CampaignController.actor(officer);
        return switch (action) {
            case "approve" -> act(officer, flash, AuditLog.Action.CAMPAIGN_APPROVE, id, "campaign.approved",
                    () -> campaigns.approve(actor, id).id());
            case "schedule" -> act(officer, flash, AuditLog.Action.CAMPAIGN_SCHEDULE, id, "campaign.scheduled",
                    () -> campaigns.schedule(actor, id, null).id());
            case "pause" -> act(officer, flash, AuditLog.Action.CAMPAIGN_PAUSE, id, "campaign.paused",
                    () -> campaigns.pause(actor, id).id());
            case "resume" -> act(officer, flash, AuditLog.Action.CAMPAIGN_RESUME, id, "campaign.resumed",
                    () -> campaigns.resume(actor, id).id());
            case "cancel" -> act(officer, flash, AuditLog.Action.CAMPAIGN_CANCEL, id, "campaign.cancelled",
                    () -> campaigns.cancel(actor, id).id());
            default -> "redirect:/admin/campaigns";
        };
    }

    private String act(Officer officer, RedirectAttributes flash, AuditLog.Action action, String id, String success,
                       java.util.function.Supplier<String> change) {
        try {
            String changed = change.get();
            audit.record(officer.username(), action, changed, action.name());
            flash.addFlashAttribute("message", success);
        } catch (CampaignRefused e) {
            if (e.reason() != CampaignRefused.Reason.NOT_FOUND) {
                audit.record(officer.username(), AuditLog.Action.CAMPAIGN_REFUSED, id, action.name() + ":" + e.reason());
            }
            flash.addFlashAttribute("error", "campaign.error." + e.reason().name().toLowerCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            flash.addFlashAttribute("error", "campaign.error.malformed");
        }
        return "redirect:/admin/campaigns";
    }

    private static List<Integer> codes(String typed) {
        List<Integer> codes = new ArrayList<>();
        for (String part : typed.split("[,;\\s]+")) {
            if (!part.isBlank()) {
                codes.add(Integer.parseInt(part.strip()));
            }
        }
        return codes;
    }
}
