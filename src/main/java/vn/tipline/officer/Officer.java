package vn.tipline.officer;

import org.springframework.data.mongodb.core.query.Criteria;
import vn.tipline.tip.Tip;

import java.util.List;

/**
 * The signed-in officer and what they may see.
 *
 * <p>Scope rules: an ADMIN sees every tip; a SUPERVISOR sees the tips of their province and the
 * tips not yet routed to any unit (from every province: someone has to route them); an OFFICER
 * sees only the tips of their units, never an unrouted one. A tip outside the scope does not
 * exist for the officer (404), so its existence is not revealed either.
 */
record Officer(String username, String displayName, Role role, List<String> units, String province) {

    Officer {
        units = units == null ? List.of() : List.copyOf(units);
    }

    /** The tips this officer may see, as a query; null means no restriction. */
    Criteria scope() {
        return switch (role) {
            case ADMIN -> null;
            case SUPERVISOR -> province == null ? Criteria.where("unit").is(null)
                    : new Criteria().orOperator(Criteria.where("province").is(province), Criteria.where("unit").is(null));
            case OFFICER -> Criteria.where("unit").in(units);
        };
    }

    boolean canSee(Tip tip) {
        return switch (role) {
            case ADMIN -> true;
            case SUPERVISOR -> tip.getUnit() == null || (province != null && province.equals(tip.getProvince()));
            case OFFICER -> tip.getUnit() != null && units.contains(tip.getUnit());
        };
    }
}
