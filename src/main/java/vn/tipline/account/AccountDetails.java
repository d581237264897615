package vn.tipline.account;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

import java.util.List;

/** An account as Spring Security checks it at sign-in. */
final class AccountDetails extends User {

    AccountDetails(Account account) {
        // Never locked: a stranger's failures slow their own address down (LoginThrottle), not the account.
        super(account.username(), account.passwordHash(), account.enabled(), true, true, true,
                List.of(new SimpleGrantedAuthority(account.role().authority())));
    }
}
