package vn.tipline.police;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.tipline.tip.Tip;
import vn.tipline.tip.TipRouter;

import java.util.List;
import java.util.Optional;

/**
 * Routes every new tip to a commune police unit when its place allows, else to the province's
 * police, else to the national queue:
 * <ol>
 *   <li>the unit the citizen picked in the conversation (CHOSEN);</li>
 *   <li>a shared point: the nearest commune police office within a few km (LOCATION), else the
 *       provincial police of the nearest office within a few tens of km (PROVINCE) — office
 *       positions come from the administrators' import; the gazetteer has no boundaries;</li>
 *   <li>typed text: a commune named clearly enough (PLACE_TEXT); a name shared by several
 *       communes of one province, or a province named outright (PROVINCE);</li>
 *   <li>otherwise NATIONAL.</li>
 * </ol>
 */
@Component
class PoliceTipRouter implements TipRouter {

    private static final Logger log = LoggerFactory.getLogger(PoliceTipRouter.class);

    static final String CHOSEN = "CHOSEN";
    static final String PLACE_TEXT = "PLACE_TEXT";
    static final String LOCATION = "LOCATION";
    static final String PROVINCE = "PROVINCE";
    static final String NATIONAL = "NATIONAL";

    private final Gazetteer gazetteer;
    private final PoliceUnits units;
    private final PoliceProperties properties;

    PoliceTipRouter(Gazetteer gazetteer, PoliceUnits units, PoliceProperties properties) {
        this.gazetteer = gazetteer;
        this.units = units;
        this.properties = properties;
    }

    @Override
    public Routing route(Tip.Place place, String chosenUnit) {
        try {
            return routeByPlace(place, chosenUnit);
        } catch (GazetteerUnavailable e) {
            // The tip is filed all the same; the national queue's officers forward it.
            log.warn("Tip routing: the gazetteer is not available ({}); routed to the national queue", e.getMessage());
            return national();
        }
    }

    private Routing routeByPlace(Tip.Place place, String chosenUnit) {
        Optional<PoliceUnit> chosen = units.find(chosenUnit).filter(u -> !u.retired());
        if (chosen.isPresent()) {
            return routing(chosen.get().code(), chosen.get().provinceCode(), CHOSEN);
        }
        if (place == null) {
            return national();
        }
        if (place.latitude() != null && place.longitude() != null) {
            Optional<Routing> byPoint = byPoint(place.latitude(), place.longitude());
            if (byPoint.isPresent()) {
                return byPoint.get();
            }
        }
        if (place.text() != null && !place.text().isBlank()) {
            return byText(place.text());
        }
        return national();
    }

    private Optional<Routing> byPoint(double latitude, double longitude) {
        List<PoliceUnits.Nearby> near = units.nearest(latitude, longitude, properties.routeProvinceKm(), 1);
        if (near.isEmpty()) {
            return Optional.empty();
        }
        PoliceUnits.Nearby nearest = near.get(0);
        int province = nearest.unit().provinceCode();
        if (nearest.km() <= properties.routeCommuneKm()) {
            return Optional.of(routing(nearest.unit().code(), province, LOCATION));
        }
        return Optional.of(routing(PoliceCodes.province(province), province, PROVINCE));
    }

    Routing byText(String text) {
        PlaceSearch result = gazetteer.search(text);
        PlaceSearch.Candidate found = result.found();
        if (found != null && found.via().tier().confident()) {
            return routing(found.commune().unit(), found.commune().provinceCode(), PLACE_TEXT);
        }
        if ((result.outcome() == PlaceSearch.Outcome.CHOOSE || result.outcome() == PlaceSearch.Outcome.FOUND)
                && !result.candidates().isEmpty() && result.candidates().get(0).via().tier().confident()) {
            int province = result.candidates().get(0).commune().provinceCode();
            return routing(PoliceCodes.province(province), province, PROVINCE);
        }
        if (result.outcome() == PlaceSearch.Outcome.PROVINCE) {
            return routing(result.province().unit(), result.province().code(), PROVINCE);
        }
        if (result.mentionedProvinces().size() == 1) {
            int province = result.mentionedProvinces().iterator().next();
            return routing(PoliceCodes.province(province), province, PROVINCE);
        }
        return national();
    }

    private static Routing routing(String unit, int province, String method) {
        return new Routing(unit, PoliceCodes.provinceCode(province), method);
    }

    /** No unit: the tip waits in the national queue, which every supervisor sees. */
    private static Routing national() {
        return new Routing(null, null, NATIONAL);
    }
}
