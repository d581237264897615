package vn.tipline.officer;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

import java.time.Instant;
import java.util.List;

/** An account as Spring Security checks it at sign-in. */
final class AccountDetails extends User {

    private final int failedLogins;

    AccountDetails(Account account, Instant now) {
        super(account.username(), account.passwordHash(), account.enabled(), true, true, !account.lockedAt(now),
                List.of(new SimpleGrantedAuthority(account.role().authority())));
        this.failedLogins = account.failedLogins();
    }

    int failedLogins() {
        return failedLogins;
    }
}
