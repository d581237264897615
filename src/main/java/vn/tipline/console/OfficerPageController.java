package vn.tipline.console;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.tipline.account.AccountService;
import vn.tipline.account.Officer;
import vn.tipline.account.Refusal;
import vn.tipline.account.SignInForm;
import vn.tipline.account.UnreadAnswers;
import vn.tipline.tip.PageFormat;

/**
 * The console's own pages (server-rendered, Thymeleaf, no script): sign-in and password. The
 * tip desk's pages are {@code TipPageController} in the tip feature. Every text comes from the
 * message bundles; forms carry CSRF tokens (added by Spring Security).
 */
@Controller
@Hidden
@RequestMapping("/admin")
class OfficerPageController {

    private final AccountService accounts;
    private final UnreadAnswers unread;

    OfficerPageController(AccountService accounts, UnreadAnswers unread) {
        this.accounts = accounts;
        this.unread = unread;
    }

    @ModelAttribute
    void common(Model model, HttpServletRequest request) {
        model.addAttribute("fmt", new PageFormat());
        model.addAttribute("currentPath", request.getServletPath());
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        model.addAttribute("username", SignInForm.takeUsername(request));
        return "officer/login";
    }

    @GetMapping("/password")
    String passwordForm(Officer officer, Model model) {
        header(officer, model);
        model.addAttribute("mustChange", accounts.mustChangePassword(officer.username()));
        return "officer/password";
    }

    @PostMapping("/password")
    String password(Officer officer, @RequestParam(defaultValue = "") String currentPassword,
                    @RequestParam(defaultValue = "") String newPassword,
                    @RequestParam(defaultValue = "") String repeatPassword, RedirectAttributes flash) {
        if (!newPassword.equals(repeatPassword)) {
            flash.addFlashAttribute("error", "password.mismatch");
            return "redirect:/admin/password";
        }
        try {
            accounts.changePassword(officer.username(), currentPassword, newPassword);
        } catch (Refusal.Refused e) {
            flash.addFlashAttribute("error", e.reason().messageKey());
            return "redirect:/admin/password";
        }
        flash.addFlashAttribute("message", "password.changed");
        return "redirect:/admin";
    }

    private void header(Officer officer, Model model) {
        model.addAttribute("officer", officer);
        model.addAttribute("newAnswers", unread.unreadAnswers(officer));
    }
}
