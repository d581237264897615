package vn.tipline.account;

import java.util.Locale;

/**
 * Why a change was refused. Each reason has a text in the officer message bundles
 * ({@code error.<reason>}), used on the page and, in English, as the API's problem detail.
 */
public enum Refusal {
    INVALID_TRANSITION, DUPLICATE_NEEDS_TARGET, DUPLICATE_TARGET_UNKNOWN, DUPLICATE_OF_ITSELF,
    ASSIGNEE_UNKNOWN, TAG_INVALID, TOO_MANY_TAGS, OUTCOME_WITHOUT_VALUABLE, TEXT_EMPTY, TEXT_TOO_LONG,
    PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_CONTAINS_USERNAME, PASSWORD_WRONG, PASSWORD_UNCHANGED,
    USERNAME_INVALID, USERNAME_TAKEN, ACCOUNT_UNKNOWN, UNITS_REQUIRED, PROVINCE_REQUIRED, CODE_INVALID,
    LAST_ADMIN, RANGE_INVALID, RANGE_TOO_LONG, TOO_MANY_TOKENS,
    DEADLINE_INVALID, DEADLINE_TOO_LATE;

    public String messageKey() {
        return "error." + name().toLowerCase(Locale.ROOT);
    }

    /** A refused change: 422 on the API, a message on the page. */
    public static final class Refused extends RuntimeException {
        private final Refusal reason;

        Refused(Refusal reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }

        public Refusal reason() {
            return reason;
        }
    }

    public Refused exception() {
        return new Refused(this);
    }
}
