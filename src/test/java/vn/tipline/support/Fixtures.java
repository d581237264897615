package vn.tipline.support;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.tipline.account.Role;
import vn.tipline.account.AccountService;
import vn.tipline.account.ApiTokens;
import vn.tipline.tip.Tip;
import vn.tipline.tip.TipService;
import vn.tipline.tip.Topic;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accounts and tips for the officer console's tests, through the real services and store.
 * Names and unit codes are unique per fixture, so test classes sharing one context do not see
 * each other's tips (except unrouted ones, which every supervisor sees by design).
 */
public final class Fixtures {

    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public final String prefix = "t" + UUID.randomUUID().toString().substring(0, 6);
    private final AccountService accounts;
    private final ApiTokens tokens;
    private final TipService tips;
    private final MongoTemplate mongo;

    public Fixtures(AccountService accounts, ApiTokens tokens, TipService tips, MongoTemplate mongo) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.tips = tips;
        this.mongo = mongo;
    }

    /** A unit code of this fixture. */
    public String unit(String name) {
        return prefix + "-" + name;
    }

    /** A province code of this fixture. */
    public String province(String name) {
        return prefix + "p" + name;
    }

    /** An account ready to use (password {@link #PASSWORD}, no change pending). */
    public String account(Role role, List<String> units, String province) {
        String username = prefix + "." + role.name().toLowerCase() + SEQUENCE.incrementAndGet();
        String oneTime = accounts.create("test", username, new AccountService.Profile(null, role, units, province, true));
        accounts.changePassword(username, oneTime, PASSWORD);
        return username;
    }

    public String officer(String... units) {
        return account(Role.OFFICER, List.of(units), null);
    }

    public String supervisor(String province) {
        return account(Role.SUPERVISOR, List.of(), province);
    }

    public String admin() {
        return account(Role.ADMIN, List.of(), null);
    }

    public String token(String username) {
        return tokens.create(username, "test").token();
    }

    /** Files a tip as the report flow would, then routes it to the unit (as routing will). */
    public Tip tip(String unit, String province, String description) {
        return tip(unit, province, Topic.DRUGS, description, false, List.of());
    }

    public Tip tip(String unit, String province, Topic topic, String description, boolean urgent, List<String> attachments) {
        Tip tip = tips.file(new TipService.NewTip(prefix + ":" + SEQUENCE.incrementAndGet(), topic, description,
                new Tip.Place("Phường Bến Nghé", null, null), "hôm qua", attachments, true, null,
                "reporter-" + UUID.randomUUID(), urgent, "web", "vi"));
        return route(tip, unit, province);
    }

    public Tip route(Tip tip, String unit, String province) {
        // Always: the police router has routed the tip by its place already; the test decides.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())),
                new Update().set("unit", unit).set("province", province), Tip.class);
        return mongo.findById(tip.getId(), Tip.class);
    }

    public void setCreatedAt(Tip tip, Instant at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())), new Update().set("createdAt", at), Tip.class);
    }

    /** Moves a tip's due date, as if it had been received earlier or later. */
    public void setDueAt(Tip tip, Instant at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(tip.getId())), new Update().set("dueAt", at), Tip.class);
    }
}
