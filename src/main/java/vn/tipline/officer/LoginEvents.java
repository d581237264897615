package vn.tipline.officer;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Sign-in outcomes: failures count towards the account's lockout and the address's throttle and
 * are audited; an interactive (page) sign-in is audited as a login. A stateless API request
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
        throttle.recordFailure(address(attempt));
        String actor = known ? name : UNKNOWN;
        if (event instanceof AuthenticationFailureLockedEvent) {
            audit.record(actor, AuditLog.Action.LOGIN_REFUSED_LOCKED, actor, "password");
        } else if (event instanceof AuthenticationFailureDisabledEvent) {
            audit.record(actor, AuditLog.Action.LOGIN_FAILED, actor, "password, disabled");
        } else {
            audit.record(actor, AuditLog.Action.LOGIN_FAILED, actor, "password");
            if (known && event instanceof AuthenticationFailureBadCredentialsEvent) {
                accounts.recordFailure(name);
            }
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AccountDetails details && details.failedLogins() > 0) {
            accounts.recordSuccess(details.getUsername(), false);
        }
    }

    @EventListener
    void loggedIn(InteractiveAuthenticationSuccessEvent event) {
        String name = event.getAuthentication().getName();
        accounts.recordSuccess(name, true);
        audit.record(name, AuditLog.Action.LOGIN, name, "page");
    }

    static String address(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }
}
