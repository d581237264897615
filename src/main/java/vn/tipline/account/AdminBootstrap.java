package vn.tipline.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First run: with no account at all, creates the administrator. With TIPLINE_ADMIN_PASSWORD
 * set, that is its password; otherwise a one-time password is generated, printed to the log
 * this once, and must be changed at the first sign-in. Later starts do nothing here.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountService accounts;
    private final OfficerProperties properties;

    AdminBootstrap(AccountService accounts, OfficerProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyAccount()) {
            return;
        }
        String configured = properties.adminPassword();
        if (configured != null && !configured.isBlank()) {
            try {
                AccountService.checkPassword(properties.adminUsername(), configured);
            } catch (Refusal.Refused e) {
                throw new IllegalStateException("TIPLINE_ADMIN_PASSWORD is not acceptable (" + e.reason()
                        + "): it needs " + AccountService.MIN_PASSWORD + " to " + AccountService.MAX_PASSWORD
                        + " characters and must not contain the user name");
            }
            if (accounts.createBootstrapAdmin(properties.adminUsername(), configured, false)) {
                log.info("Created the administrator account '{}' with the password from TIPLINE_ADMIN_PASSWORD",
                        properties.adminUsername());
            }
            return;
        }
        String generated = accounts.generatePassword();
        if (accounts.createBootstrapAdmin(properties.adminUsername(), generated, true)) {
            // The one place a secret is logged, on purpose and once: there is no other channel on first run.
            log.warn("""
                    No officer account existed: created the administrator '{}' with the one-time password {}
                    Sign in at /admin and change it now; it is not shown again. \
                    Set TIPLINE_ADMIN_PASSWORD before the first start to choose it instead.""",
                    properties.adminUsername(), generated);
        }
    }
}
