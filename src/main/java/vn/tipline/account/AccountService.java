package vn.tipline.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Officer accounts: creation, passwords, lockout. Passwords are kept only as bcrypt hashes. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 128;
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final MongoTemplate mongo;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final LoginThrottle throttle;
    private final SecureRandom random = new SecureRandom();

    AccountService(MongoTemplate mongo, PasswordEncoder encoder, AuditLog audit,
                   Clock clock, LoginThrottle throttle) {
        this.mongo = mongo;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.throttle = throttle;
    }

    /** What an administrator fills in for a new account or a change; nulls leave a field as it is. */
    public record Profile(String displayName, Role role, List<String> units, String province, Boolean enabled) {
    }

    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    Optional<Account> find(String username) {
        return Optional.ofNullable(mongo.findById(normalize(username), Account.class));
    }

    /** The officer of an enabled account, for features that hand a tip to someone by name. */
    public Optional<Officer> enabledOfficer(String username) {
        return find(username).filter(Account::enabled).map(Account::officer);
    }

    public boolean mustChangePassword(String username) {
        return find(username).map(Account::mustChangePassword).orElse(false);
    }

    List<Account> list() {
        return mongo.find(new Query().with(Sort.by("_id")), Account.class);
    }

    boolean anyAccount() {
        return mongo.exists(new Query(), Account.class);
    }

    /** Creates an account with a generated one-time password, returned once; it must be changed at first sign-in. */
    public String create(String actor, String username, Profile profile) {
        String name = normalize(username);
        if (!USERNAME.matcher(name).matches()) {
            throw Refusal.USERNAME_INVALID.exception();
        }
        Role role = profile.role() == null ? Role.OFFICER : profile.role();
        Profile checked = checkProfile(new Profile(profile.displayName(), role, profile.units(), profile.province(),
                profile.enabled()));
        String password = generatePassword();
        Instant now = clock.instant();
        try {
            mongo.insert(new Account(name, displayName(checked.displayName(), name), encoder.encode(password), role,
                    checked.units(), checked.province(), checked.enabled() == null || checked.enabled(), true, now, null,
                    null));
        } catch (DuplicateKeyException e) {
            throw Refusal.USERNAME_TAKEN.exception();
        }
        audit.record(actor, AuditLog.Action.ACCOUNT_CREATE, name, role + " units=" + checked.units()
                + " province=" + checked.province());
        return password;
    }

    /** The first administrator, when there is no account at all; false if someone else created one first. */
    boolean createBootstrapAdmin(String username, String password, boolean mustChange) {
        Instant now = clock.instant();
        try {
            mongo.insert(new Account(normalize(username), "Administrator", encoder.encode(password), Role.ADMIN,
                    List.of(), null, true, mustChange, now, mustChange ? null : now, null));
            audit.record("system", AuditLog.Action.BOOTSTRAP_ADMIN, normalize(username),
                    mustChange ? "generated one-time password" : "password from TIPLINE_ADMIN_PASSWORD");
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Account update(String actor, String username, Profile change) {
        Account account = find(username).orElseThrow(Refusal.ACCOUNT_UNKNOWN::exception);
        Role role = change.role() == null ? account.role() : change.role();
        Profile merged = checkProfile(new Profile(
                change.displayName() == null ? account.displayName() : change.displayName(), role,
                change.units() == null ? account.units() : change.units(),
                change.province() == null ? account.province() : change.province(),
                change.enabled() == null ? account.enabled() : change.enabled()));
        boolean stillAdmin = role == Role.ADMIN && merged.enabled();
        if (account.role() == Role.ADMIN && account.enabled() && !stillAdmin && activeAdmins() <= 1) {
            throw Refusal.LAST_ADMIN.exception();
        }
        mongo.updateFirst(byName(account.username()), new Update()
                .set("displayName", displayName(merged.displayName(), account.username())).set("role", role)
                .set("units", merged.units()).set("province", merged.province()).set("enabled", merged.enabled()),
                Account.class);
        audit.record(actor, AuditLog.Action.ACCOUNT_UPDATE, account.username(), role + " units=" + merged.units()
                + " province=" + merged.province() + " enabled=" + merged.enabled());
        return find(account.username()).orElseThrow();
    }

    /** Lifts the sign-in throttle's refusals of the account, from every address. */
    void unlock(String actor, String username) {
        Account account = find(username).orElseThrow(Refusal.ACCOUNT_UNKNOWN::exception);
        throttle.forget(account.username());
        // Accounts of versions that locked them on disk: nothing reads these fields any more.
        mongo.updateFirst(byName(account.username()), new Update().unset("failedLogins").unset("lockedUntil"),
                Account.class);
        audit.record(actor, AuditLog.Action.ACCOUNT_UNLOCK, account.username(), null);
    }

    /** Sets a new generated one-time password (returned once) and unlocks the account. */
    String resetPassword(String actor, String username) {
        Account account = find(username).orElseThrow(Refusal.ACCOUNT_UNKNOWN::exception);
        String password = generatePassword();
        mongo.updateFirst(byName(account.username()), new Update().set("passwordHash", encoder.encode(password))
                .set("mustChangePassword", true), Account.class);
        throttle.forget(account.username());
        audit.record(actor, AuditLog.Action.PASSWORD_RESET, account.username(), null);
        return password;
    }

    public void changePassword(String username, String current, String wanted) {
        Account account = find(username).orElseThrow(Refusal.ACCOUNT_UNKNOWN::exception);
        if (current == null || !encoder.matches(current, account.passwordHash())) {
            throw Refusal.PASSWORD_WRONG.exception();
        }
        checkPassword(account.username(), wanted);
        if (encoder.matches(wanted, account.passwordHash())) {
            throw Refusal.PASSWORD_UNCHANGED.exception();
        }
        mongo.updateFirst(byName(account.username()), new Update().set("passwordHash", encoder.encode(wanted))
                .set("mustChangePassword", false).set("passwordChangedAt", clock.instant()), Account.class);
        audit.record(account.username(), AuditLog.Action.PASSWORD_CHANGE, account.username(), null);
    }

    static void checkPassword(String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw Refusal.PASSWORD_TOO_SHORT.exception();
        }
        if (password.length() > MAX_PASSWORD) {
            throw Refusal.PASSWORD_TOO_LONG.exception();
        }
        if (password.toLowerCase(Locale.ROOT).contains(normalize(username))) {
            throw Refusal.PASSWORD_CONTAINS_USERNAME.exception();
        }
    }

    /** Whether sign-ins to the account are refused from some address now (shown as "locked"). */
    boolean throttled(String username) {
        return throttle.refusedSomewhere(username);
    }

    /** A page sign-in (API calls authenticate on every request and are not sign-ins). */
    void recordLogin(String username) {
        mongo.updateFirst(byName(normalize(username)), new Update().set("lastLoginAt", clock.instant()), Account.class);
    }

    private long activeAdmins() {
        return mongo.count(Query.query(Criteria.where("role").is(Role.ADMIN).and("enabled").is(true)), Account.class);
    }

    private static Profile checkProfile(Profile profile) {
        List<String> units = profile.units() == null ? List.of()
                : profile.units().stream().map(String::strip).filter(u -> !u.isEmpty()).distinct().toList();
        if (units.stream().anyMatch(u -> !CODE.matcher(u).matches())) {
            throw Refusal.CODE_INVALID.exception();
        }
        String province = profile.province() == null || profile.province().isBlank() ? null : profile.province().strip();
        if (province != null && !CODE.matcher(province).matches()) {
            throw Refusal.CODE_INVALID.exception();
        }
        if (profile.role() == Role.OFFICER && units.isEmpty()) {
            throw Refusal.UNITS_REQUIRED.exception();
        }
        if (profile.role() == Role.SUPERVISOR && province == null) {
            throw Refusal.PROVINCE_REQUIRED.exception();
        }
        return new Profile(profile.displayName(), profile.role(), units, province, profile.enabled());
    }

    private static String displayName(String wanted, String username) {
        if (wanted == null || wanted.isBlank()) {
            return username;
        }
        String name = wanted.strip();
        return name.length() > 80 ? name.substring(0, 80) : name;
    }

    String generatePassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static Query byName(String username) {
        return Query.query(Criteria.where("_id").is(username));
    }
}
