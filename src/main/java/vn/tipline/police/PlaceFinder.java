package vn.tipline.police;

import org.springframework.stereotype.Component;
import vn.tipline.conversation.Folding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places picked by name on the officers' pages (a campaign's audience, an account's units or
 * province): the bot's own gazetteer search, its result flattened into a short list of options.
 * A name found in several provinces is searched again within each, so every match is offered.
 */
@Component
class PlaceFinder {

    static final int MAX_OPTIONS = 20;
    /** Provinces a name may span before the search stops going into each (the bot asks the citizen instead). */
    private static final int MAX_PROVINCES = 8;

    private final Gazetteer gazetteer;

    PlaceFinder(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    /** What may be picked: provinces only, or provinces and communes. */
    enum Kinds { PROVINCES, PLACES }

    /**
     * One option. {@code code}: the statistics office's code of the province or commune; {@code unit}: the police
     * unit covering it (a commune's own police, or the provincial police).
     */
    record Option(String kind, int code, String name, String province, String unit) {
    }

    List<Option> find(String query, Kinds kinds) {
        String folded = Folding.foldWords(query == null ? "" : query);
        if (folded.isEmpty() || query.length() > GazetteerIndex.MAX_QUERY) {
            return List.of();
        }
        Map<String, Option> options = new LinkedHashMap<>();
        GazetteerIndex index = gazetteer.index();
        for (GazetteerIndex.ProvinceInfo p : index.provinces()) {
            if (Folding.foldWords(p.name()).contains(folded)) {
                options.put("P" + p.code(), province(p));
            }
        }
        PlaceSearch result = gazetteer.search(query);
        if (result.province() != null) {
            options.putIfAbsent("P" + result.province().code(), province(result.province()));
        }
        if (kinds == Kinds.PLACES) {
            List<PlaceSearch.Candidate> candidates = new ArrayList<>(result.candidates());
            for (PlaceSearch.ProvinceOption p : result.provinces().stream().limit(MAX_PROVINCES).toList()) {
                candidates.addAll(gazetteer.search(query, p.province().code()).candidates());
            }
            for (PlaceSearch.Candidate c : candidates) {
                options.putIfAbsent("C" + c.commune().code(), new Option("COMMUNE", c.commune().code(),
                        c.commune().name(), c.province().name(), c.commune().unit()));
            }
        }
        return options.values().stream().limit(MAX_OPTIONS).toList();
    }

    private static Option province(GazetteerIndex.ProvinceInfo p) {
        return new Option("PROVINCE", p.code(), p.name(), p.name(), p.unit());
    }
}
