package vn.tipline.account;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * An officer's account. The user name is the id; the password is kept only as a bcrypt hash.
 *
 * @param units              the commune police units an OFFICER works for
 * @param province           the province a SUPERVISOR oversees
 * @param mustChangePassword set for generated (one-time) passwords: nothing else works until it is changed
 */
@Document(Account.COLLECTION)
record Account(@Id String username, String displayName, String passwordHash, Role role, List<String> units,
               String province, boolean enabled, boolean mustChangePassword, Instant createdAt, Instant passwordChangedAt, Instant lastLoginAt) {

    static final String COLLECTION = "officer_accounts";

    Account {
        units = units == null ? List.of() : List.copyOf(units);
    }

    Officer officer() {
        return new Officer(username, displayName, role, units, province);
    }
}
