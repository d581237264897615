package vn.tipline.account;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.List;

/**
 * The accounts page, for administrators only (the security rules answer 403 to anyone else):
 * list accounts; create an officer (units picked by name), a supervisor (a province) or an
 * administrator; reset a password to a one-time one, shown on the answer only; lift the sign-in
 * throttle's refusals of a name ("unlock": accounts themselves are never locked); deactivate and
 * reactivate. {@link AccountService} audits every change. A refused creation comes back with what
 * was typed; a one-time password is rendered into the answer, never kept in the session.
 */
@Controller
@Hidden
@RequestMapping("/admin/accounts")
public class AccountPageController {

    private final AccountService accounts;
    private final UnitNames names;
    private final UnreadAnswers unread;

    AccountPageController(AccountService accounts, UnitNames names, UnreadAnswers unread) {
        this.accounts = accounts;
        this.names = names;
        this.unread = unread;
    }

    /** The new-account form as typed. */
    public record NewAccountForm(String username, String displayName, Role role, List<String> units, String province) {

        public NewAccountForm {
            units = units == null ? List.of() : units;
        }

        static NewAccountForm empty() {
            return new NewAccountForm("", "", Role.OFFICER, List.of(), null);
        }
    }

    /** A code and its name. */
    public record Named(String code, String name) {
    }

    /** An account as the page lists it: names beside codes, never the password hash. */
    public record Row(String username, String displayName, Role role, List<Named> units, Named province,
                      boolean enabled, boolean throttled, boolean mustChangePassword, Instant lastLoginAt) {
    }

    /** A one-time password to hand over, shown once. */
    public record Secret(String username, String password) {
    }

    @GetMapping
    String list(Officer officer, Model model) {
        return page(officer, model, NewAccountForm.empty());
    }

    @PostMapping
    String create(Officer officer, NewAccountForm form, Model model, HttpServletResponse response) {
        Role role = form.role() == null ? Role.OFFICER : form.role();
        try {
            String password = accounts.create(officer.username(), form.username(), new AccountService.Profile(
                    form.displayName(), role, role == Role.OFFICER ? form.units() : List.of(),
                    role == Role.SUPERVISOR ? form.province() : null, true));
            model.addAttribute("secret", new Secret(AccountService.normalize(form.username()), password));
            model.addAttribute("message", "accounts.created");
            response.setStatus(HttpStatus.CREATED.value());
            return page(officer, model, NewAccountForm.empty());
        } catch (Refusal.Refused e) {
            return refused(officer, model, response, e, form);
        }
    }

    @PostMapping("/{username}/password-reset")
    String resetPassword(Officer officer, @PathVariable String username, Model model, HttpServletResponse response) {
        try {
            String password = accounts.resetPassword(officer.username(), username);
            model.addAttribute("secret", new Secret(AccountService.normalize(username), password));
            model.addAttribute("message", "accounts.password_reset");
            return page(officer, model, NewAccountForm.empty());
        } catch (Refusal.Refused e) {
            return refused(officer, model, response, e, NewAccountForm.empty());
        }
    }

    @PostMapping("/{username}/unlock")
    String unlock(Officer officer, @PathVariable String username, Model model, HttpServletResponse response,
                  RedirectAttributes flash) {
        try {
            accounts.unlock(officer.username(), username);
        } catch (Refusal.Refused e) {
            return refused(officer, model, response, e, NewAccountForm.empty());
        }
        flash.addFlashAttribute("message", "accounts.unlocked");
        return "redirect:/admin/accounts";
    }

    @PostMapping("/{username}/deactivate")
    String deactivate(Officer officer, @PathVariable String username, Model model, HttpServletResponse response,
                      RedirectAttributes flash) {
        return enable(officer, username, false, model, response, flash);
    }

    @PostMapping("/{username}/reactivate")
    String reactivate(Officer officer, @PathVariable String username, Model model, HttpServletResponse response,
                      RedirectAttributes flash) {
        return enable(officer, username, true, model, response, flash);
    }

    private String enable(Officer officer, String username, boolean enabled, Model model, HttpServletResponse response,
                          RedirectAttributes flash) {
        try {
            accounts.update(officer.username(), username, new AccountService.Profile(null, null, null, null, enabled));
        } catch (Refusal.Refused e) {
            return refused(officer, model, response, e, NewAccountForm.empty());
        }
        flash.addFlashAttribute("message", enabled ? "accounts.reactivated" : "accounts.deactivated");
        return "redirect:/admin/accounts";
    }

    private String refused(Officer officer, Model model, HttpServletResponse response, Refusal.Refused e,
                           NewAccountForm form) {
        model.addAttribute("error", e.reason().messageKey());
        response.setStatus((e.reason() == Refusal.ACCOUNT_UNKNOWN ? HttpStatus.NOT_FOUND
                : HttpStatus.UNPROCESSABLE_ENTITY).value());
        return page(officer, model, form);
    }

    private String page(Officer officer, Model model, NewAccountForm form) {
        model.addAttribute("officer", officer);
        model.addAttribute("newAnswers", unread.unreadAnswers(officer));
        model.addAttribute("accounts", accounts.list().stream().map(this::row).toList());
        model.addAttribute("form", form);
        model.addAttribute("formUnits", form.units().stream().map(u -> new Named(u, names.nameOrCode(u))).toList());
        model.addAttribute("formProvince", form.province() == null || form.province().isBlank() ? null
                : new Named(form.province(), names.province(form.province())));
        model.addAttribute("roles", Role.values());
        return "officer/accounts";
    }

    private Row row(Account a) {
        return new Row(a.username(), a.displayName(), a.role(),
                a.units().stream().map(u -> new Named(u, names.nameOrCode(u))).toList(),
                a.province() == null ? null : new Named(a.province(), names.province(a.province())),
                a.enabled(), accounts.throttled(a.username()), a.mustChangePassword(), a.lastLoginAt());
    }
}
