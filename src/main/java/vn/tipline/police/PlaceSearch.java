package vn.tipline.police;

import java.util.List;
import java.util.Set;

/** What a typed place resolved to; see {@link GazetteerIndex#search}. */
record PlaceSearch(Outcome outcome, List<Candidate> candidates, List<ProvinceOption> provinces,
                   GazetteerIndex.ProvinceInfo province, Match via, String problem, Set<Integer> mentionedProvinces) {

    PlaceSearch(Outcome outcome, List<Candidate> candidates, List<ProvinceOption> provinces,
                GazetteerIndex.ProvinceInfo province, Match via, String problem) {
        this(outcome, candidates, provinces, province, via, problem, Set.of());
    }

    /** The same result, knowing which provinces the query named outright ("…, Hà Nội"). */
    PlaceSearch mentioning(Set<Integer> provinceCodes) {
        return new PlaceSearch(outcome, candidates, provinces, province, via, problem, Set.copyOf(provinceCodes));
    }

    enum Outcome {
        /** One commune: {@code candidates} has it. */
        FOUND,
        /** Several communes, all in one province (or a province was chosen): pick one of {@code candidates}. */
        CHOOSE,
        /** The name exists in several provinces: pick one of {@code provinces}, then search again within it. */
        PROVINCES,
        /** A province (or an old province) was named, no commune: browse {@code province}'s communes. */
        PROVINCE,
        /** Nothing in Vietnam's gazetteer matches. */
        NONE,
        /** Empty, too long, or no letters or digits at all: {@code problem} says which. */
        INVALID
    }

    /** How well a name matched, best first; routing trusts only the first five. */
    enum Tier {
        EXACT, PREFIX, TYPED, FUZZY, CONTAINED;

        boolean confident() {
            return this != CONTAINED;
        }
    }

    /** What in the gazetteer matched: a commune in force, an old commune, an old district, a province. */
    record Match(GazetteerIndex.Kind kind, String name, String detail, Tier tier) {

        boolean old() {
            return kind == GazetteerIndex.Kind.OLD_COMMUNE || kind == GazetteerIndex.Kind.OLD_DISTRICT
                    || kind == GazetteerIndex.Kind.OLD_PROVINCE;
        }
    }

    /** A commune in force, reached through {@code via} (itself, or an old name that went into it). */
    record Candidate(GazetteerIndex.CommuneInfo commune, GazetteerIndex.ProvinceInfo province, int score, Match via) {
    }

    record ProvinceOption(GazetteerIndex.ProvinceInfo province, int count) {
    }

    static PlaceSearch invalid(String problem) {
        return new PlaceSearch(Outcome.INVALID, List.of(), List.of(), null, null, problem);
    }

    static PlaceSearch none() {
        return new PlaceSearch(Outcome.NONE, List.of(), List.of(), null, null, null);
    }

    /** The single commune found, if the outcome is FOUND. */
    Candidate found() {
        return outcome == Outcome.FOUND ? candidates.get(0) : null;
    }
}
