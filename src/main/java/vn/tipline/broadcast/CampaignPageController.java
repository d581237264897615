package vn.tipline.broadcast;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.account.UnreadAnswers;
import vn.tipline.police.Places;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The campaigns page: draft a campaign (text, places picked by name, topics, channels, optional
 * send time in Vietnam time, a picture), preview it as Telegram and Zalo will show it with the
 * number of subscribers it reaches now, and make the moves its state allows. A refused draft comes
 * back with everything typed (but the picture, which a browser never fills in again); a move the
 * state does not allow answers 409 with the page and the reason. The same rules and audit as
 * {@link CampaignController}. The console's page shell adds what its layout needs (formatting, the
 * current path), so this feature does not depend on the console.
 */
@Controller
@RequestMapping("/admin/campaigns")
public class CampaignPageController {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Set<Campaign.State> OPEN = Set.of(Campaign.State.DRAFT, Campaign.State.APPROVED,
            Campaign.State.SCHEDULED, Campaign.State.PAUSED);

    private final Campaigns campaigns;
    private final CampaignPreview previews;
    private final Places places;
    private final AuditLog audit;
    private final UnreadAnswers unread;

    CampaignPageController(Campaigns campaigns, CampaignPreview previews, Places places, AuditLog audit,
                           UnreadAnswers unread) {
        this.campaigns = campaigns;
        this.previews = previews;
        this.places = places;
        this.audit = audit;
        this.unread = unread;
    }

    /** What the draft form holds, as typed: shown again on a refusal and with a preview. */
    public record DraftForm(String title, String textVi, String textEn, List<String> provinces, List<String> communes,
                            List<String> topics, List<String> channels, String sendAt) {

        public DraftForm {
            provinces = provinces == null ? List.of() : provinces;
            communes = communes == null ? List.of() : communes;
            topics = topics == null ? List.of() : topics;
            channels = channels == null ? List.of() : channels;
        }

        static DraftForm empty() {
            return new DraftForm("", "", "", List.of(), List.of(), List.of(), List.of(), "");
        }
    }

    /** A place picked for the audience, with its name for the page. */
    public record Picked(String kind, String code, String name) {
    }

    @GetMapping
    String list(Officer officer, Model model) {
        return page(officer, model, DraftForm.empty());
    }

    @PostMapping
    String create(Officer officer, DraftForm form, @RequestParam(required = false) MultipartFile image, Model model,
                  HttpServletResponse response, RedirectAttributes flash) throws IOException {
        Campaigns.Actor actor = CampaignController.actor(officer);
        String id;
        try {
            id = campaigns.create(actor, new Campaigns.Draft(form.title(), form.textVi(), form.textEn(), audience(form),
                    sendAt(form.sendAt()))).id();
            audit.record(officer.username(), AuditLog.Action.CAMPAIGN_CREATE, id, Campaign.State.DRAFT.name());
        } catch (CampaignRefused e) {
            audit.record(officer.username(), AuditLog.Action.CAMPAIGN_REFUSED, null, "CAMPAIGN_CREATE:" + e.reason());
            model.addAttribute("error", error(e.reason()));
            model.addAttribute("imageLost", image != null && !image.isEmpty());
            response.setStatus(status(e.reason()).value());
            return page(officer, model, form);
        }
        flash.addFlashAttribute("message", "campaign.created");
        if (image != null && !image.isEmpty()) {
            byte[] data = image.getBytes();
            try {
                campaigns.setImage(actor, id, data);
                audit.record(officer.username(), AuditLog.Action.CAMPAIGN_IMAGE, id, Campaign.State.DRAFT.name());
            } catch (CampaignRefused e) {
                // The draft stays without its picture; the message says why.
                audit.record(officer.username(), AuditLog.Action.CAMPAIGN_REFUSED, id, "CAMPAIGN_IMAGE:" + e.reason());
                flash.addFlashAttribute("error", error(e.reason()));
            }
        }
        return "redirect:/admin/campaigns";
    }

    @PostMapping("/preview")
    String preview(Officer officer, DraftForm form, @RequestParam(required = false) MultipartFile image, Model model,
                   HttpServletResponse response) {
        try {
            model.addAttribute("audience", campaigns.preview(audience(form)));
        } catch (CampaignRefused e) {
            model.addAttribute("error", error(e.reason()));
            response.setStatus(status(e.reason()).value());
        }
        model.addAttribute("previews", previews.of(form.textVi(), form.textEn(), image != null && !image.isEmpty()));
        return page(officer, model, form);
    }

    @GetMapping("/{id}/image")
    ResponseEntity<Resource> image(@PathVariable String id) {
        try {
            return CampaignController.imageResponse(campaigns, id);
        } catch (CampaignRefused notFound) {
            return ResponseEntity.notFound().build();
        }
    }

    @PostMapping("/{id}/{action}")
    String change(Officer officer, @PathVariable String id, @PathVariable String action, Model model,
                  HttpServletResponse response, RedirectAttributes flash) {
        Campaigns.Actor actor = CampaignController.actor(officer);
        Map<String, Move> moves = Map.of(
                "approve", new Move(AuditLog.Action.CAMPAIGN_APPROVE, () -> campaigns.approve(actor, id)),
                "schedule", new Move(AuditLog.Action.CAMPAIGN_SCHEDULE, () -> campaigns.schedule(actor, id, null)),
                "pause", new Move(AuditLog.Action.CAMPAIGN_PAUSE, () -> campaigns.pause(actor, id)),
                "resume", new Move(AuditLog.Action.CAMPAIGN_RESUME, () -> campaigns.resume(actor, id)),
                "cancel", new Move(AuditLog.Action.CAMPAIGN_CANCEL, () -> campaigns.cancel(actor, id)));
        Move move = moves.get(action);
        if (move == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        try {
            Campaign changed = move.change().get();
            audit.record(officer.username(), move.audit(), changed.id(), changed.state().name());
        } catch (CampaignRefused e) {
            if (e.reason() != CampaignRefused.Reason.NOT_FOUND) {
                audit.record(officer.username(), AuditLog.Action.CAMPAIGN_REFUSED, id, move.audit().name() + ":" + e.reason());
            }
            model.addAttribute("error", error(e.reason()));
            response.setStatus(status(e.reason()).value());
            return page(officer, model, DraftForm.empty());
        }
        flash.addFlashAttribute("message", "campaign." + switch (action) {
            case "approve" -> "approved";
            case "schedule" -> "scheduled";
            case "pause" -> "paused";
            case "resume" -> "resumed";
            default -> "cancelled";
        });
        return "redirect:/admin/campaigns";
    }

    private record Move(AuditLog.Action audit, Supplier<Campaign> change) {
    }

    private String page(Officer officer, Model model, DraftForm form) {
        Campaigns.Actor actor = CampaignController.actor(officer);
        List<Campaign> all = campaigns.list();
        Map<String, List<String>> actions = new LinkedHashMap<>();
        Map<String, Long> reach = new LinkedHashMap<>();
        for (Campaign c : all) {
            actions.put(c.id(), Campaigns.actions(c, actor));
            if (OPEN.contains(c.state())) {
                reach.put(c.id(), campaigns.preview(c.audience()));
            }
        }
        model.addAttribute("officer", officer);
        model.addAttribute("newAnswers", unread.unreadAnswers(officer));
        model.addAttribute("campaigns", all);
        model.addAttribute("actions", actions);
        model.addAttribute("reach", reach);
        model.addAttribute("form", form);
        model.addAttribute("picked", picked(form));
        model.addAttribute("topics", Arrays.stream(NewsTopic.values()).map(NewsTopic::value).toList());
        return "officer/campaigns";
    }

    /** The places of the form with their names; a code that names nothing is kept, shown as typed. */
    private List<Picked> picked(DraftForm form) {
        List<Picked> picked = new ArrayList<>();
        for (String code : form.provinces()) {
            picked.add(new Picked("province", code, number(code).flatMap(places::provinceName).orElse(code)));
        }
        for (String code : form.communes()) {
            picked.add(new Picked("commune", code, number(code).flatMap(places::communeName).orElse(code)));
        }
        return picked;
    }

    private static Optional<Integer> number(String code) {
        return code != null && code.strip().matches("\\d{1,6}") ? Optional.of(Integer.parseInt(code.strip()))
                : Optional.empty();
    }

    private static Audience audience(DraftForm form) {
        return new Audience(codes(form.provinces(), CampaignRefused.Reason.UNKNOWN_PROVINCE),
                codes(form.communes(), CampaignRefused.Reason.UNKNOWN_COMMUNE), form.topics(), form.channels());
    }

    private static List<Integer> codes(List<String> typed, CampaignRefused.Reason unknown) {
        return typed.stream().filter(t -> t != null && !t.isBlank())
                .map(t -> number(t).orElseThrow(() -> new CampaignRefused(unknown))).distinct().toList();
    }

    private static Instant sendAt(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(typed.strip()).atZone(VIETNAM).toInstant();
        } catch (DateTimeParseException e) {
            throw new CampaignRefused(CampaignRefused.Reason.SEND_AT_INVALID);
        }
    }

    private static String error(CampaignRefused.Reason reason) {
        return "campaign.error." + reason.name().toLowerCase(Locale.ROOT);
    }

    /** As the API answers the same refusal. */
    private static HttpStatus status(CampaignRefused.Reason reason) {
        return CampaignController.status(reason);
    }
}
