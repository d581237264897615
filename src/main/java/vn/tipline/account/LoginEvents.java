package vn.tipline.account;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in outcomes: failures count towards the throttle (per name and address, and per address)
 * and are audited, as is the moment a name becomes refused from an address; an interactive (page) sign-in is audited as a login. A stateless API request
 * authenticates on every call, so its successes are not logins: what it does is audited instead.
 * A name that matches no account is audited as "(unknown)": people type passwords into the
 * user name field, and that must not end up in the log.
 */
@Component
class LoginEvents {

    static final String UNKNOWN = "(unknown)";

    private final AccountService accounts;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    LoginEvents(AccountService accounts, LoginThrottle throttle, AuditLog audit) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        String name = AccountService.normalize(attempt.getName());
        boolean known = accounts.find(name).isPresent();
        // Unknown names are counted too, the same way: a refusal must not tell which names exist.
        Optional<Duration> refusal = throttle.recordFailure(name, address(attempt));
        String actor = known ? name : UNKNOWN;
        audit.record(actor, AuditLog.Action.LOGIN_FAILED, actor,
                event instanceof AuthenticationFailureDisabledEvent ? "password, disabled" : "password");
        refusal.ifPresent(duration -> audit.record(actor, AuditLog.Action.LOGIN_THROTTLED, actor,
                "this address refused for " + duration));
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        throttle.recordSuccess(event.getAuthentication().getName(), address(event.getAuthentication()));
    }

    @EventListener
    void loggedIn(InteractiveAuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        accounts.recordLogin(name);
        audit.record(name, AuditLog.Action.LOGIN, name, "page");
    }

    static String address(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }
}
