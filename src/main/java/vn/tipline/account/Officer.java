package vn.tipline.account;

import org.springframework.data.mongodb.core.query.Criteria;

import java.util.List;

/**
 * The signed-in officer and what they may see.
 *
 * <p>Scope rules: an ADMIN sees every tip; a SUPERVISOR sees the tips of their province and the
 * tips not yet routed to any unit (from every province: someone has to route them); an OFFICER
 * sees only the tips of their units, never an unrouted one. A tip outside the scope does not
 * exist for the officer (404), so its existence is not revealed either. The same rule scopes
 * other features' unit work (the police feature's relay threads and re-routing) through
 * {@link #covers}: one rule, so a tip and a unit's thread can never be in different scopes.
 * COMMUNICATIONS staff (campaigns only) see no tip and no unit's work.
 */
public record Officer(String username, String displayName, Role role, List<String> units, String province) {

    public Officer {
        units = units == null ? List.of() : List.copyOf(units);
    }

    /** The tips this officer may see, as a query; null means no restriction. */
    public Criteria scope() {
        return switch (role) {
            case ADMIN -> null;
            case SUPERVISOR -> province == null ? Criteria.where("unit").is(null)
                    : new Criteria().orOperator(Criteria.where("province").is(province), Criteria.where("unit").is(null));
            case OFFICER -> Criteria.where("unit").in(units);
            // Every document has an id: this matches none.
            case COMMUNICATIONS -> Criteria.where("_id").exists(false);
        };
    }

    /**
     * Whether work of this unit, in this province, is the officer's; a null unit is the national
     * queue (no province). The query form of this rule is {@link #scope()}.
     */
    public boolean covers(String unit, String unitProvince) {
        return switch (role) {
            case ADMIN -> true;
            case SUPERVISOR -> unit == null || (province != null && province.equals(unitProvince));
            case OFFICER -> unit != null && units.contains(unit);
            case COMMUNICATIONS -> false;
        };
    }
}
