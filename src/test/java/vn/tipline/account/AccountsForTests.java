package vn.tipline.account;

import java.time.Instant;

/** What other features' tests check or change on an account, without the account's internals being public. */
public final class AccountsForTests {

    private final AccountService accounts;

    public AccountsForTests(AccountService accounts) {
        this.accounts = accounts;
    }

    public boolean exists(String username) {
        return accounts.find(username).isPresent();
    }

    public Instant lastLoginAt(String username) {
        return accounts.find(username).orElseThrow().lastLoginAt();
    }

    public void unlock(String username) {
        accounts.unlock("test", username);
    }

    public void disable(String username) {
        accounts.update("test", username, new AccountService.Profile(null, null, null, null, false));
    }
}
