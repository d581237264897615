package vn.tipline.police;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;
import vn.tipline.conversation.Folding;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The flow actions of the police feature (conversation-flows/police.yaml and the place step of
 * report.yaml). Lists of places are handed to the flow as {@code choices}, a list of
 * {@code {value, label}} a {@code choice} node shows with {@code options_from}; the value says
 * what a press means: {@code c:<commune>}, {@code u:<unit>}, {@code p:<province>}, or a page
 * ({@code pp:<n>} provinces, {@code cp:<province>:<n>} communes, {@code sp:<n>} search results).
 * Pages are recomputed from the query, so nothing but the query is kept between presses.
 */
@Configuration(proxyBeanMethods = false)
class PoliceActions {

    static final String CHOICES = "choices";
    private static final int MAX_TYPEABLE = 300;
    private static final String MODE_SEARCH = "search";
    private static final String MODE_BROWSE = "browse";
    /** Set by {@code police.browse_short}: a province's communes as at most this many pages, the rest typed. */
    private static final String SHORT_LISTS = "list_short";
    private static final int SHORT_PAGES = 2;
    private static final List<String> TEXTS = List.of("police_not_on_file", "police_no_contact", "police_old_name",
            "police_old_split", "police_old_area", "police_provincial_cover", "police_guess", "police_distance",
            "police_query_empty", "police_query_too_long", "police_query_unreadable", "page_next", "page_prev",
            "relay_answer", "relay_closed_by_unit", "place_point", "place_near", "place_near_office", "place_received",
            "police_list_more");

    private final Gazetteer gazetteer;
    private final PoliceUnits units;
    private final RelayService relay;
    private final PoliceProperties properties;
    private final ProvinceSynonyms synonyms;

    PoliceActions(Gazetteer gazetteer, PoliceUnits units, RelayService relay, PoliceProperties properties,
                  ProvinceSynonyms synonyms) {
        this.synonyms = synonyms;
        this.gazetteer = gazetteer;
        this.units = units;
        this.relay = relay;
        this.properties = properties;
    }

    private static FlowAction action(String name, Set<String> outcomes, Function<ActionContext, FlowAction.Result> run) {
        return new FlowAction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> outcomes() {
                return outcomes;
            }

            @Override
            public List<String> requiredTexts() {
                return TEXTS;
            }

            @Override
            public Result run(ActionContext context) {
                return run.apply(context);
            }
        };
    }

    // ---------------------------------------------------------------- finding a unit

    /** Reads {@code place} (+ {@code place_lat}, {@code place_lon}); finds the unit, or a list to choose from. */
    @Bean
    FlowAction policeSearchAction() {
        return action("police.search", Set.of("communes", "provinces", "none", "invalid", "abroad", "no_nearby"), context -> {
            Map<String, Object> vars = new HashMap<>();
            vars.put("search_mode", MODE_SEARCH);
            vars.put("search_province", "");
            Double lat = number(context, "place_lat");
            Double lon = number(context, "place_lon");
            if (lat != null && lon != null) {
                return nearby(context, lat, lon, vars);
            }
            return searchResult(context, gazetteer.search(text(context, "place")), 1, vars);
        });
    }

    /**
     * A commune name typed at a province's list of communes (instead of paging through it): searched
     * within that province ({@code list_province}), the results as a list, or the unit card.
     */
    @Bean
    FlowAction policeSearchCommuneAction() {
        return action("police.search_commune", Set.of("communes", "provinces", "none", "invalid"), context -> {
            Map<String, Object> vars = new HashMap<>();
            String province = context.text("list_province");
            vars.put("search_mode", MODE_SEARCH);
            vars.put("search_province", province == null ? "" : province);
            Integer within = province == null || province.isBlank() ? null : Integer.valueOf(province);
            return searchResult(context, gazetteer.search(text(context, "place"), within), 1, vars);
        });
    }

    /** Province -> commune picking: the provinces, first page. */
    @Bean
    FlowAction policeBrowseAction() {
        return action("police.browse", Set.of(), context -> {
            Map<String, Object> vars = new HashMap<>();
            vars.put("search_mode", MODE_BROWSE);
            vars.put(SHORT_LISTS, "");
            return provincePage(context, gazetteer.index().provinces(), 1, "browse_provinces", vars);
        });
    }

    /**
     * As {@code police.browse}, but a province's communes are then offered as a short list (two pages)
     * behind "type its name": a city's 168 wards are 21 pages of buttons nobody pages through, least
     * of all on Zalo at five buttons a message. The rest stay typeable by name.
     */
    @Bean
    FlowAction policeBrowseShortAction() {
        return action("police.browse_short", Set.of(), context -> {
            Map<String, Object> vars = new HashMap<>();
            vars.put("search_mode", MODE_BROWSE);
            vars.put(SHORT_LISTS, "yes");
            return provincePage(context, gazetteer.index().provinces(), 1, "browse_provinces", vars);
        });
    }

    /** What a press on a list means (see the class comment). */
    @Bean
    FlowAction policePickAction() {
        return action("police.pick", Set.of("communes", "provinces", "browse_provinces", "none"), context -> {
            String picked = text(context, "picked");
            Map<String, Object> vars = new HashMap<>();
            boolean searching = MODE_SEARCH.equals(context.text("search_mode"));
            String[] parts = picked.split(":");
            try {
                switch (parts[0]) {
                    case "c" -> {
                        int commune = number(parts, 1);
                        return unitCard(context, units.forCommune(commune), searching ? how(context, commune) : null, vars);
                    }
                    case "u" -> {
                        return unitCard(context, units.find(word(parts, 1)), null, vars);
                    }
                    case "p" -> {
                        int province = number(parts, 1);
                        if (searching) {
                            vars.put("search_province", String.valueOf(province));
                            return searchResult(context, gazetteer.search(text(context, "place"), province), 1, vars);
                        }
                        return communePage(context, province, 1, vars);
                    }
                    case "pp" -> {
                        int page = number(parts, 1);
                        if (searching) {
                            return searchResult(context, gazetteer.search(text(context, "place")), page, vars);
                        }
                        return provincePage(context, gazetteer.index().provinces(), page, "browse_provinces", vars);
                    }
                    case "cp" -> {
                        return communePage(context, number(parts, 1), number(parts, 2), vars);
                    }
                    case "sp" -> {
                        int page = number(parts, 1);
                        String filter = context.text("search_province");
                        Integer province = filter == null || filter.isBlank() ? null : Integer.valueOf(filter);
                        return searchResult(context, gazetteer.search(text(context, "place"), province), page, vars);
                    }
                    default -> {
                        return FlowAction.Result.of("none");
                    }
                }
            } catch (MalformedButton malformed) {
                // Only the button's own text: a failing lookup (the store, the gazetteer still loading)
                // goes to the engine, which tells the citizen it failed and logs it, not "nothing found".
                return FlowAction.Result.of("none");
            }
        });
    }

    /** A button value not of the form this action writes ({@code c:<code>}, {@code cp:<province>:<page>}, ...). */
    private static final class MalformedButton extends RuntimeException {
        MalformedButton() {
            super(null, null, false, false);
        }
    }

    private static String word(String[] parts, int index) {
        if (index >= parts.length || parts[index].isBlank()) {
            throw new MalformedButton();
        }
        return parts[index];
    }

    private static int number(String[] parts, int index) {
        try {
            return Integer.parseInt(word(parts, index));
        } catch (NumberFormatException e) {
            throw new MalformedButton();
        }
    }

    /**
     * The report flow's place step: when a typed place names several communes, offers them
     * ({@code unit_choices}, values are unit codes) so the tip can be routed to the right one.
     */
    @Bean
    FlowAction policeLocateAction() {
        return action("police.locate", Set.of("choose"), context -> {
            Double lat = number(context, "place_lat");
            Double lon = number(context, "place_lon");
            if (lat != null && lon != null) {
                return FlowAction.Result.ok(acknowledgePoint(context, lat, lon));
            }
            String typed = text(context, "place");
            PlaceSearch result = gazetteer.search(typed);
            Map<String, Object> vars = new HashMap<>();
            vars.put("place_shown", typed);
            vars.put("place_note", "");
            PlaceSearch.Candidate found = result.found();
            if (found != null && found.via().old() && found.via().kind() == GazetteerIndex.Kind.OLD_COMMUNE
                    && !Folding.foldWords(found.via().name()).equals(Folding.foldWords(found.commune().name()))) {
                // An old name is accepted, and the citizen is told what it is now.
                String now = RelayService.fill(context.message("police_old_name"), Map.of("old", found.via().name(),
                        "new", found.commune().name() + ", " + found.province().name()));
                vars.put("place_shown", typed + " — " + now);
                vars.put("place_note", now + "\n");
            }
            if (result.outcome() != PlaceSearch.Outcome.CHOOSE && result.outcome() != PlaceSearch.Outcome.PROVINCES) {
                return FlowAction.Result.ok(vars);
            }
            List<PlaceSearch.Candidate> candidates = result.candidates();
            if (candidates.size() < 2 || candidates.size() > properties.pageSize()
                    || !candidates.get(0).via().tier().confident()) {
                return FlowAction.Result.ok(vars);
            }
            boolean provinces = candidates.stream().map(c -> c.commune().provinceCode()).distinct().count() > 1;
            List<Map<String, Object>> choices = new ArrayList<>();
            for (PlaceSearch.Candidate c : candidates) {
                choices.add(option(c.commune().unit(), candidateLabel(c, provinces)));
            }
            vars.put("unit_choices", choices);
            return new FlowAction.Result("choose", vars);
        });
    }

    /**
     * A shared point in words, for the citizen (the coordinates go only to officers): the commune of
     * the nearest known police office when it is close, said as "near"; the gazetteer has no
     * boundaries. Farther, the nearest office and its distance; none known, that a point was received.
     */
    private Map<String, Object> acknowledgePoint(ActionContext context, double lat, double lon) {
        List<PoliceUnits.Nearby> near = units.nearest(lat, lon, properties.routeProvinceKm(), 1);
        String shown;
        if (near.isEmpty()) {
            shown = context.message("place_point");
        } else if (near.get(0).km() <= properties.routeCommuneKm() && near.get(0).unit().communeName() != null) {
            PoliceUnit unit = near.get(0).unit();
            shown = RelayService.fill(context.message("place_near"), Map.of("commune", unit.communeName(),
                    "province", unit.provinceName()));
        } else {
            NumberFormat format = NumberFormat.getNumberInstance(Locale.forLanguageTag(context.language()));
            format.setMaximumFractionDigits(1);
            shown = RelayService.fill(context.message("place_near_office"), Map.of("unit", near.get(0).unit().name(),
                    "km", format.format(near.get(0).km())));
        }
        return Map.of("place_shown", shown, "place_note", RelayService.fill(context.message("place_received"),
                Map.of("place", shown)) + "\n");
    }

    // ---------------------------------------------------------------- the relay

    /** An open thread of this citizen: outcome {@code open} with {@code thread}, {@code thread_code}, {@code unit_name}. */
    @Bean
    FlowAction relayResumeAction() {
        return action("relay.resume", Set.of("open"), context -> relay.latestOpen(context.reporterKey())
                .map(t -> new FlowAction.Result("open", Map.of("thread", t.id(), "thread_code", t.code(),
                        "unit_name", t.unitName(), "unit", t.unit())))
                .orElse(FlowAction.Result.ok(Map.of())));
    }

    /** Reads {@code unit}, {@code relay_anonymous} ("yes"/"no"), {@code relay_contact}; opens or reuses the thread. */
    @Bean
    FlowAction relayOpenAction() {
        return action("relay.open", Set.of("unavailable"), context -> {
            Optional<PoliceUnit> unit = units.find(context.text("unit")).filter(u -> !u.retired());
            if (unit.isEmpty()) {
                return FlowAction.Result.of("unavailable");
            }
            boolean anonymous = !"no".equals(context.text("relay_anonymous"));
            RelayThread thread = relay.open(context.reporterKey(), unit.get(), context.language(), anonymous,
                    context.text("relay_contact"));
            return FlowAction.Result.ok(Map.of("thread", thread.id(), "thread_code", thread.code(),
                    "unit_name", thread.unitName()));
        });
    }

    /** Reads {@code thread} and {@code relay_text}; outcome {@code closed} if the unit ended the thread. */
    @Bean
    FlowAction relayPostAction() {
        return action("relay.post", Set.of("closed"), context -> {
            String text = text(context, "relay_text");
            Optional<RelayThread> posted = relay.postFromCitizen(text(context, "thread"), context.reporterKey(), text,
                    context.urgent(), context.language());
            return posted.isPresent() ? FlowAction.Result.ok(Map.of()) : FlowAction.Result.of("closed");
        });
    }

    @Bean
    FlowAction relayCloseAction() {
        return action("relay.close", Set.of(), context -> {
            relay.closeByCitizen(text(context, "thread"), context.reporterKey());
            return FlowAction.Result.ok(Map.of());
        });
    }

    // ---------------------------------------------------------------- results to variables

    /** How the citizen's query reached a commune they picked from a list (an old name?), for the card's note. */
    private PlaceSearch.Candidate how(ActionContext context, int commune) {
        String filter = context.text("search_province");
        Integer province = filter == null || filter.isBlank() ? null : Integer.valueOf(filter);
        return gazetteer.search(text(context, "place"), province).candidates().stream()
                .filter(c -> c.commune().code() == commune).findFirst()
                .orElseGet(() -> gazetteer.commune(commune).map(c -> new PlaceSearch.Candidate(c,
                        gazetteer.province(c.provinceCode()).orElseThrow(), 0,
                        new PlaceSearch.Match(GazetteerIndex.Kind.COMMUNE, c.name(), null, PlaceSearch.Tier.EXACT)))
                        .orElse(null));
    }

    private FlowAction.Result searchResult(ActionContext context, PlaceSearch result, int page, Map<String, Object> vars) {
        switch (result.outcome()) {
            case INVALID -> {
                String key = switch (result.problem()) {
                    case "too_long" -> "police_query_too_long";
                    case "empty" -> "police_query_empty";
                    default -> "police_query_unreadable";
                };
                vars.put("search_problem", RelayService.fill(context.message(key),
                        Map.of("max", String.valueOf(GazetteerIndex.MAX_QUERY))));
                return new FlowAction.Result("invalid", vars);
            }
            case NONE -> {
                return new FlowAction.Result("none", vars);
            }
            case FOUND -> {
                PlaceSearch.Candidate found = result.found();
                return unitCard(context, units.find(found.commune().unit()), found, vars);
            }
            case PROVINCE -> {
                return communePage(context, result.province().code(), 1, vars);
            }
            case PROVINCES -> {
                List<GazetteerIndex.ProvinceInfo> provinces = result.provinces().stream()
                        .map(PlaceSearch.ProvinceOption::province).toList();
                vars.put("list_note", "");
                return provincePage(context, provinces, page, "provinces", vars);
            }
            default -> {
                List<PlaceSearch.Candidate> candidates = result.candidates();
                boolean manyProvinces = candidates.stream().map(c -> c.commune().provinceCode()).distinct().count() > 1;
                List<Map<String, Object>> options = new ArrayList<>();
                for (PlaceSearch.Candidate c : candidates) {
                    options.add(option("c:" + c.commune().code(), candidateLabel(c, manyProvinces)));
                }
                vars.put("list_note", listNote(context, result));
                return page(options, page, p -> "sp:" + p, "communes", context, vars);
            }
        }
    }

    private String listNote(ActionContext context, PlaceSearch result) {
        PlaceSearch.Match via = result.via();
        if (!result.candidates().isEmpty() && !result.candidates().get(0).via().tier().confident()) {
            return context.message("police_guess") + "\n";
        }
        if (via == null || !via.old()) {
            return "";
        }
        String old = via.detail() == null || via.kind() != GazetteerIndex.Kind.OLD_COMMUNE ? via.name()
                : via.name() + ", " + via.detail();
        String key = via.kind() == GazetteerIndex.Kind.OLD_COMMUNE ? "police_old_split" : "police_old_area";
        return RelayService.fill(context.message(key), Map.of("old", old)) + "\n";
    }

    /** "Phường Bàn Cờ ← Phường 1, Quận 3" when found through an old name; the province when the list spans several. */
    private static String candidateLabel(PlaceSearch.Candidate c, boolean withProvince) {
        String label = c.commune().name();
        PlaceSearch.Match via = c.via();
        if (via.kind() == GazetteerIndex.Kind.OLD_COMMUNE
                && !Folding.foldWords(via.name()).equals(Folding.foldWords(c.commune().name()))) {
            label += " ← " + via.name() + (via.detail() == null ? "" : ", " + via.detail());
        }
        return withProvince ? label + " — " + c.province().name() : label;
    }

    private FlowAction.Result provincePage(ActionContext context, List<GazetteerIndex.ProvinceInfo> provinces, int page,
                                           String outcome, Map<String, Object> vars) {
        List<Map<String, Object>> options = new ArrayList<>();
        for (GazetteerIndex.ProvinceInfo p : provinces) {
            Map<String, Object> option = option("p:" + p.code(), p.name());
            List<String> names = new ArrayList<>(List.of(p.bare()));
            names.addAll(synonyms.of(p.code()));
            option.put("synonyms", names);
            options.add(option);
        }
        return page(options, page, p -> "pp:" + p, outcome, context, vars);
    }

    private FlowAction.Result communePage(ActionContext context, int province, int page, Map<String, Object> vars) {
        List<Map<String, Object>> options = new ArrayList<>();
        for (GazetteerIndex.CommuneInfo c : gazetteer.index().communes(province)) {
            Map<String, Object> option = option("c:" + c.code(), c.name());
            option.put("synonyms", List.of(c.bare()));
            options.add(option);
        }
        vars.putIfAbsent("list_note", "");
        vars.put("list_province", String.valueOf(province));
        int paged = options.size();
        if ("yes".equals(context.text(SHORT_LISTS)) && paged > SHORT_PAGES * properties.pageSize()) {
            paged = SHORT_PAGES * properties.pageSize();
            vars.put("list_note", vars.get("list_note") + RelayService.fill(context.message("police_list_more"),
                    Map.of("shown", String.valueOf(paged), "total", String.valueOf(options.size()))) + "\n");
        }
        return page(options, paged, page, p -> "cp:" + province + ":" + p, "communes", context, vars);
    }

    /** One page of options, with "previous"/"next" buttons where there are more. */
    private FlowAction.Result page(List<Map<String, Object>> options, int requested, Function<Integer, String> pageValue,
                                   String outcome, ActionContext context, Map<String, Object> vars) {
        return page(options, options.size(), requested, pageValue, outcome, context, vars);
    }

    /** As above, with only the first {@code paged} options on pages; the others can only be typed. */
    private FlowAction.Result page(List<Map<String, Object>> options, int paged, int requested,
                                   Function<Integer, String> pageValue, String outcome, ActionContext context,
                                   Map<String, Object> vars) {
        int size = properties.pageSize();
        int pages = Math.max(1, (paged + size - 1) / size);
        int page = Math.min(Math.max(1, requested), pages);
        int from = (page - 1) * size;
        int to = Math.min(paged, page * size);
        List<Map<String, Object>> shown = new ArrayList<>(options.subList(from, to));
        if (page < pages) {
            shown.add(option(pageValue.apply(page + 1), context.message("page_next")));
        }
        if (page > 1) {
            shown.add(option(pageValue.apply(page - 1), context.message("page_prev")));
        }
        // The other pages' entries can be typed by name without paging to them.
        for (int i = 0; i < options.size() && i < MAX_TYPEABLE; i++) {
            if (i < from || i >= to) {
                Map<String, Object> hidden = new LinkedHashMap<>(options.get(i));
                hidden.put("hidden", true);
                shown.add(hidden);
            }
        }
        vars.put(CHOICES, shown);
        vars.put("list_page", page + "/" + pages);
        return new FlowAction.Result(outcome, vars);
    }

    private FlowAction.Result nearby(ActionContext context, double lat, double lon, Map<String, Object> vars) {
        if (lat < 6 || lat > 24 || lon < 102 || lon > 118) {
            return new FlowAction.Result("abroad", vars);
        }
        List<PoliceUnits.Nearby> near = units.nearest(lat, lon, properties.nearbyKm(), properties.nearbyCount());
        if (near.isEmpty()) {
            return new FlowAction.Result("no_nearby", vars);
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.forLanguageTag(context.language()));
        format.setMaximumFractionDigits(1);
        List<Map<String, Object>> options = new ArrayList<>();
        for (PoliceUnits.Nearby n : near) {
            String km = RelayService.fill(context.message("police_distance"), Map.of("km", format.format(n.km())));
            options.add(option("u:" + n.unit().code(), n.unit().name() + " (" + km + ")"));
        }
        vars.put(CHOICES, options);
        vars.put("list_page", "1/1");
        vars.put("list_note", "");
        return new FlowAction.Result("communes", vars);
    }

    /** The unit card's variables; {@code found} says how the place was matched (an old name, a special zone). */
    private FlowAction.Result unitCard(ActionContext context, Optional<PoliceUnit> found, PlaceSearch.Candidate via,
                                       Map<String, Object> vars) {
        if (found.isEmpty()) {
            return new FlowAction.Result("none", vars);
        }
        PoliceUnit unit = found.get();
        String notOnFile = context.message("police_not_on_file");
        StringBuilder note = new StringBuilder();
        if (via != null && via.via().old() && via.via().kind() == GazetteerIndex.Kind.OLD_COMMUNE
                && !Folding.foldWords(via.via().name()).equals(Folding.foldWords(via.commune().name()))) {
            note.append(RelayService.fill(context.message("police_old_name"), Map.of("old", via.via().name(),
                    "new", via.commune().name()))).append('\n');
        }
        if (via != null && !via.commune().hasCommunePolice()) {
            note.append(RelayService.fill(context.message("police_provincial_cover"), Map.of("commune", via.commune().name(),
                    "unit", unit.name()))).append('\n');
        }
        vars.put("unit", unit.code());
        vars.put("unit_name", unit.name());
        vars.put("unit_area", unit.communeName() == null ? unit.provinceName() : unit.communeName() + ", " + unit.provinceName());
        vars.put("unit_address", unit.address() == null ? notOnFile : unit.address());
        vars.put("unit_phones", unit.phones().isEmpty() ? notOnFile : String.join(", ", unit.phones()));
        vars.put("unit_hours", unit.hours() == null ? notOnFile : unit.hours());
        vars.put("unit_note", note.toString());
        vars.put("unit_contact_note", unit.hasContacts() ? "" : context.message("police_no_contact") + "\n");
        return FlowAction.Result.ok(vars);
    }

    private static Map<String, Object> option(String value, String label) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("value", value);
        option.put("label", label);
        return option;
    }

    private static String text(ActionContext context, String name) {
        String value = context.text(name);
        return value == null ? "" : value;
    }

    private static Double number(ActionContext context, String name) {
        return context.variables().get(name) instanceof Number n ? n.doubleValue() : null;
    }
}
