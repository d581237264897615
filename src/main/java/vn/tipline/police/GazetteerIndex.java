package vn.tipline.police;

import vn.tipline.conversation.Folding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Place-name search over the whole gazetteer, in memory.
 *
 * <p>Why in memory: the embedded store has no {@code $text} and no collation, and it scans every
 * document for a query on a non-unique field; the gazetteer is small (34 provinces, 3,321
 * communes, ~10,600 old names, ~750 old districts) and changes only with a data release. So
 * the index is built once from the stored documents at startup (and again after a reload), and
 * every query is answered from it. It works the same on a real MongoDB.
 *
 * <p>How a query is matched: it is folded (lower case, no diacritics, see {@link Folding}),
 * split into comma-separated parts and words, and common abbreviations are expanded ("p." ->
 * phường, "q1" -> quận 1, "tp hcm" -> thành phố hồ chí minh). Every run of words that is the bare
 * name of a unit (the name without "Phường"/"Xã"/...) is a candidate; the other words must be
 * explained by the unit's type word, its province (new or old name) or its old district. Exact
 * matches rank first, then prefixes ("ben ngh"), then names found inside a longer address
 * after their type word or as a whole part, then names with a typo (one edit for 5-8
 * letters, two from 9). A province named in the query that is not the unit's pushes the unit
 * out. Names in force rank just above old names.
 */
final class GazetteerIndex {

    static final int MAX_QUERY = 150;

    /** In order of preference when two matches score the same. */
    enum Kind { COMMUNE, OLD_COMMUNE, OLD_DISTRICT, OLD_PROVINCE, PROVINCE }

    record ProvinceInfo(int code, String name, String bare, String unit) {
    }

    /**
     * @param type  the folded type word: "phuong", "xa", "dac khu"
     * @param unit  the police unit covering it (its commune police, or the provincial police)
     */
    record CommuneInfo(int code, String name, String type, String bare, int provinceCode, String unit) {

        boolean hasCommunePolice() {
            return unit.equals(PoliceCodes.commune(code));
        }
    }

    private static final int TIE = 8;
    private static final int BAND = 40;
    private static final int MIN_SCORE = 250;
    private static final int MAX_NAME_WORDS = 7;
    private static final int MAX_GUESSES = 24;

    private static final List<String[]> COMMUNE_TYPES = types("dac khu", "thi tran", "phuong", "xa");
    private static final List<String[]> DISTRICT_TYPES = types("thanh pho", "thi xa", "quan", "huyen");
    private static final List<String[]> PROVINCE_TYPES = types("thanh pho", "tinh");
    private static final List<String[]> ALL_TYPES = types("dac khu", "thi tran", "thanh pho", "thi xa", "phuong", "xa",
            "quan", "huyen", "tinh");
    private static final List<String[]> FILLERS = types("viet nam", "vietnam", "vn", "o", "tai", "gan", "cu", "moi",
            "cong an", "khu vuc", "dia ban");
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("p", "phuong"), Map.entry("ph", "phuong"), Map.entry("f", "phuong"), Map.entry("x", "xa"),
            Map.entry("q", "quan"), Map.entry("h", "huyen"), Map.entry("tp", "thanh pho"), Map.entry("tx", "thi xa"),
            Map.entry("tt", "thi tran"), Map.entry("dk", "dac khu"), Map.entry("hcm", "ho chi minh"),
            Map.entry("hcmc", "ho chi minh"), Map.entry("tphcm", "thanh pho ho chi minh"), Map.entry("hn", "ha noi"),
            Map.entry("tphn", "thanh pho ha noi"), Map.entry("brvt", "ba ria vung tau"));
    private static final Pattern GLUED = Pattern.compile("([pqxf])(\\d{1,3})");
    private static final Pattern PARTS = Pattern.compile("[,;/|\\n]+");

    /** One searchable name and what it leads to. */
    private record Entry(Kind kind, String name, String detail, String[] type, String bare, String accented,
                         List<Phrase> context, Set<Integer> provinces, int[] targets) {
    }

    /** A province or district name that may stand beside a commune's name in a query. */
    private record Phrase(String[] words, boolean district) {
    }

    private final Map<Integer, ProvinceInfo> provinces = new LinkedHashMap<>();
    private final Map<Integer, CommuneInfo> communes = new LinkedHashMap<>();
    private final Map<Integer, List<CommuneInfo>> communesByProvince = new HashMap<>();
    private final Map<String, List<Entry>> byBare = new HashMap<>();
    private final List<String> bareNames;
    private final List<String> squashedNames;
    private final Map<String, Set<Integer>> provincePhrases = new HashMap<>();
    private final Set<String> districtPhrases = new HashSet<>();
    private final int oldCommuneCount;

    /** An old commune and the new commune it (or part of it) went into. */
    private record Old(GazetteerRecords.Former former, int newCommuneCode, int newProvinceCode) {

        String name() {
            return former.name();
        }

        String district() {
            return former.district();
        }

        String province() {
            return former.province();
        }
    }

    GazetteerIndex(List<GazetteerRecords.Province> provinceRecords, List<GazetteerRecords.Commune> communeRecords) {
        List<Old> oldRecords = new ArrayList<>();
        for (GazetteerRecords.Commune c : communeRecords) {
            for (GazetteerRecords.Former f : c.formerly()) {
                oldRecords.add(new Old(f, c.code(), c.provinceCode()));
            }
        }
        Map<Integer, List<String[]>> phrasesOfProvince = new HashMap<>();
        for (GazetteerRecords.Province p : provinceRecords) {
            String bare = bare(p.name(), PROVINCE_TYPES);
            ProvinceInfo info = new ProvinceInfo(p.code(), p.name(), bare, PoliceCodes.province(p.code()));
            provinces.put(p.code(), info);
            addProvincePhrase(bare, p.code(), phrasesOfProvince);
            add(new Entry(Kind.PROVINCE, p.name(), null, typeOf(p.name(), PROVINCE_TYPES), bare, accented(p.name(), PROVINCE_TYPES),
                    List.of(), Set.of(p.code()), new int[]{p.code()}));
        }
        // Old provinces: "Bình Dương" now lies within Thành phố Hồ Chí Minh; it leads to the communes made from it.
        Map<String, Set<Integer>> oldProvinces = new LinkedHashMap<>();
        Map<String, Set<Integer>> oldProvinceCommunes = new LinkedHashMap<>();
        Map<String, String> oldProvinceNames = new HashMap<>();
        for (Old o : oldRecords) {
            if (o.province() != null && !o.province().isBlank()) {
                String bare = bare(o.province(), PROVINCE_TYPES);
                oldProvinces.computeIfAbsent(bare, k -> new LinkedHashSet<>()).add(o.newProvinceCode());
                oldProvinceCommunes.computeIfAbsent(bare, k -> new LinkedHashSet<>()).add(o.newCommuneCode());
                oldProvinceNames.putIfAbsent(bare, o.province());
            }
        }
        Set<String> currentNames = new HashSet<>();
        provinces.values().forEach(p -> currentNames.add(p.bare()));
        oldProvinces.forEach((bare, codes) -> codes.forEach(code -> addProvincePhrase(bare, code, phrasesOfProvince)));

        // Old districts, and which new communes took (part of) each.
        record DistrictKey(String district, String province) {
        }
        Map<DistrictKey, Set<Integer>> districtTargets = new LinkedHashMap<>();
        Map<Integer, Set<String>> districtsOfCommune = new HashMap<>();
        for (Old o : oldRecords) {
            if (o.district() == null || o.district().isBlank()) {
                continue;
            }
            districtTargets.computeIfAbsent(new DistrictKey(o.district(), o.province()), k -> new LinkedHashSet<>())
                    .add(o.newCommuneCode());
            districtsOfCommune.computeIfAbsent(o.newCommuneCode(), k -> new LinkedHashSet<>()).add(o.district());
        }

        Map<String, List<Phrase>> districtCache = new HashMap<>();
        for (GazetteerRecords.Commune c : communeRecords) {
            String type = Folding.foldWords(c.divisionType());
            CommuneInfo info = new CommuneInfo(c.code(), c.name(), type, bare(c.name(), COMMUNE_TYPES), c.provinceCode(), c.policeUnit());
            communes.put(c.code(), info);
            communesByProvince.computeIfAbsent(c.provinceCode(), k -> new ArrayList<>()).add(info);
            List<Phrase> context = new ArrayList<>(provinceContext(c.provinceCode(), phrasesOfProvince));
            districtsOfCommune.getOrDefault(c.code(), Set.of())
                    .forEach(d -> context.addAll(districtCache.computeIfAbsent(d, GazetteerIndex::districtPhrases)));
            add(new Entry(Kind.COMMUNE, c.name(), null, typeOf(c.name(), COMMUNE_TYPES), info.bare(),
                    accented(c.name(), COMMUNE_TYPES), List.copyOf(context), Set.of(c.provinceCode()), new int[]{c.code()}));
        }
        Map<Integer, String> sortKeys = new HashMap<>();
        communes.values().forEach(c -> sortKeys.put(c.code(), naturalKey(c.bare()) + " " + c.type()));
        communesByProvince.values().forEach(list -> list.sort(Comparator.comparing(c -> sortKeys.get(c.code()))));

        int olds = 0;
        for (Old o : oldRecords) {
            if (o.name() == null || o.name().isBlank() || !communes.containsKey(o.newCommuneCode())) {
                continue;
            }
            List<Phrase> context = new ArrayList<>(provinceContext(o.newProvinceCode(), phrasesOfProvince));
            context.addAll(districtCache.computeIfAbsent(o.district() == null ? "" : o.district(), GazetteerIndex::districtPhrases));
            add(new Entry(Kind.OLD_COMMUNE, o.name(), o.district(), typeOf(o.name(), COMMUNE_TYPES), bare(o.name(), COMMUNE_TYPES),
                    accented(o.name(), COMMUNE_TYPES), List.copyOf(context), Set.of(o.newProvinceCode()),
                    new int[]{o.newCommuneCode()}));
            olds++;
        }
        oldCommuneCount = olds;

        oldProvinces.forEach((bare, codes) -> {
            if (currentNames.contains(bare)) {
                return;
            }
            String name = oldProvinceNames.get(bare);
            int[] targets = oldProvinceCommunes.get(bare).stream().filter(communes::containsKey).mapToInt(Integer::intValue).toArray();
            List<Phrase> context = new ArrayList<>();
            codes.forEach(code -> context.addAll(provinceContext(code, phrasesOfProvince)));
            context.removeIf(phrase -> String.join(" ", phrase.words()).equals(bare));
            add(new Entry(Kind.OLD_PROVINCE, name, null, typeOf(name, PROVINCE_TYPES), bare, accented(name, PROVINCE_TYPES),
                    List.copyOf(context), Set.copyOf(codes), targets));
        });

        districtTargets.forEach((key, targets) -> {
            int[] codes = targets.stream().filter(communes::containsKey).mapToInt(Integer::intValue).toArray();
            if (codes.length == 0) {
                return;
            }
            Set<Integer> inProvinces = new LinkedHashSet<>();
            for (int code : codes) {
                inProvinces.add(communes.get(code).provinceCode());
            }
            List<Phrase> context = new ArrayList<>();
            inProvinces.forEach(p -> context.addAll(provinceContext(p, phrasesOfProvince)));
            String full = Folding.foldWords(key.district());
            String bare = bare(key.district(), DISTRICT_TYPES);
            boolean numbered = bare.chars().allMatch(Character::isDigit);
            districtPhrases.add(full);
            if (!numbered) {
                districtPhrases.add(bare);
            }
            // "Quận 1" is only searchable whole; "Huyện Củ Chi" also as "Củ Chi".
            add(new Entry(Kind.OLD_DISTRICT, key.district(), key.province(),
                    numbered ? new String[0] : typeOf(key.district(), DISTRICT_TYPES), numbered ? full : bare,
                    numbered ? key.district().toLowerCase(Locale.ROOT) : accented(key.district(), DISTRICT_TYPES),
                    List.copyOf(context), Set.copyOf(inProvinces), codes));
        });
        bareNames = List.copyOf(byBare.keySet());
        squashedNames = bareNames.stream().map(n -> n.replace(" ", "")).toList();
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private static String naturalKey(String folded) {
        Matcher m = DIGITS.matcher(folded);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, String.format("%08d", Long.parseLong(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private void addProvincePhrase(String phrase, int code, Map<Integer, List<String[]>> phrasesOfProvince) {
        if (phrase.isBlank()) {
            return;
        }
        provincePhrases.computeIfAbsent(phrase, k -> new LinkedHashSet<>()).add(code);
        List<String[]> list = phrasesOfProvince.computeIfAbsent(code, k -> new ArrayList<>());
        if (list.stream().noneMatch(w -> String.join(" ", w).equals(phrase))) {
            list.add(phrase.split(" "));
        }
    }

    private static List<Phrase> provinceContext(int code, Map<Integer, List<String[]>> phrasesOfProvince) {
        return phrasesOfProvince.getOrDefault(code, List.of()).stream().map(w -> new Phrase(w, false)).toList();
    }

    private static List<Phrase> districtPhrases(String district) {
        if (district == null || district.isBlank()) {
            return List.of();
        }
        String full = Folding.foldWords(district);
        String bare = bare(district, DISTRICT_TYPES);
        List<Phrase> phrases = new ArrayList<>();
        phrases.add(new Phrase(full.split(" "), true));
        if (!bare.chars().allMatch(Character::isDigit) && !bare.equals(full)) {
            phrases.add(new Phrase(bare.split(" "), true));
        }
        return phrases;
    }

    private void add(Entry entry) {
        if (!entry.bare().isBlank()) {
            byBare.computeIfAbsent(entry.bare(), k -> new ArrayList<>()).add(entry);
        }
    }

    // ---------------------------------------------------------------- lookups

    int provinceCount() {
        return provinces.size();
    }

    int communeCount() {
        return communes.size();
    }

    int oldCommuneCount() {
        return oldCommuneCount;
    }

    long communePoliceCount() {
        return communes.values().stream().filter(CommuneInfo::hasCommunePolice).count();
    }

    Optional<ProvinceInfo> province(int code) {
        return Optional.ofNullable(provinces.get(code));
    }

    Optional<CommuneInfo> commune(int code) {
        return Optional.ofNullable(communes.get(code));
    }

    /** Provinces in alphabetical order of their names without "Tỉnh"/"Thành phố". */
    List<ProvinceInfo> provinces() {
        return provinces.values().stream().sorted(Comparator.comparing(ProvinceInfo::bare)).toList();
    }

    /** A province's communes, "Phường 2" before "Phường 10". */
    List<CommuneInfo> communes(int provinceCode) {
        return List.copyOf(communesByProvince.getOrDefault(provinceCode, List.of()));
    }

    Collection<CommuneInfo> allCommunes() {
        return communes.values();
    }

    // ---------------------------------------------------------------- search

    PlaceSearch search(String query) {
        return search(query, null);
    }

    /** Searches the whole country, or only {@code provinceFilter} once the citizen picked a province. */
    PlaceSearch search(String query, Integer provinceFilter) {
        String text = Folding.nfc(query).strip();
        if (text.isEmpty()) {
            return PlaceSearch.invalid("empty");
        }
        if (text.codePointCount(0, text.length()) > MAX_QUERY) {
            return PlaceSearch.invalid("too_long");
        }
        Query q = Query.parse(text);
        if (q.tokens.length == 0) {
            return PlaceSearch.invalid("unreadable");
        }
        List<Scored> scored = new ArrayList<>();
        for (int s = 0; s < q.tokens.length; s++) {
            StringBuilder key = new StringBuilder();
            for (int len = 1; len <= MAX_NAME_WORDS && s + len <= q.tokens.length; len++) {
                if (len > 1) {
                    key.append(' ');
                }
                key.append(q.tokens[s + len - 1]);
                for (Entry e : byBare.getOrDefault(key.toString(), List.of())) {
                    score(q, e, s, s + len, Match.WINDOW).ifPresent(scored::add);
                }
            }
        }
        // Prefixes and typos only when nothing matched as typed: they are slower and vaguer.
        boolean solid = scored.stream().anyMatch(x -> x.tier.compareTo(PlaceSearch.Tier.TYPED) <= 0
                && x.tier != PlaceSearch.Tier.PREFIX && !x.conflict);
        if (!solid) {
            approximate(q, scored);
        }
        return decide(scored, provinceFilter).mentioning(mentionedProvinces(q));
    }

    /** Provinces (by new code) named in the query, other than as a commune's name ("Phường Bình Dương"). */
    private Set<Integer> mentionedProvinces(Query q) {
        Set<Integer> named = new LinkedHashSet<>();
        for (int s = 0; s < q.tokens.length; s++) {
            if (typeBefore(q.tokens, q.part, s, COMMUNE_TYPES) != null) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            for (int len = 1; len <= 5 && s + len <= q.tokens.length; len++) {
                key.append(len > 1 ? " " : "").append(q.tokens[s + len - 1]);
                named.addAll(provincePhrases.getOrDefault(key.toString(), Set.of()));
            }
        }
        return named;
    }

    private enum Match { WINDOW, PREFIX, FUZZY }

    /** @param named provinces named elsewhere in the query: an entry spanning several keeps only their communes */
    private record Scored(Entry entry, int score, PlaceSearch.Tier tier, boolean conflict, Set<Integer> named) {
    }

    /** Prefixes and typos, tried on each comma part's name (without its type word and trailing province/district). */
    private void approximate(Query q, List<Scored> scored) {
        for (int[] core : q.cores(provincePhrases.keySet(), districtPhrases)) {
            String name = String.join(" ", Arrays.copyOfRange(q.tokens, core[0], core[1]));
            String squashed = name.replace(" ", "");
            if (squashed.length() < 3) {
                continue;
            }
            for (int k = 0; k < bareNames.size(); k++) {
                String bare = bareNames.get(k);
                String other = squashedNames.get(k);
                if (Math.abs(other.length() - squashed.length()) > 2 && !(bare.length() > name.length())) {
                    continue;
                }
                Match match = null;
                if (bare.length() > name.length() && bare.startsWith(name)) {
                    match = Match.PREFIX;
                } else {
                    int budget = other.length() >= 9 ? 2 : other.length() >= 5 ? 1 : 0;
                    if (budget > 0 && !bare.equals(name) && Math.abs(other.length() - squashed.length()) <= budget
                            && editDistance(squashed, other, budget) <= budget) {
                        match = Match.FUZZY;
                    }
                }
                if (match != null) {
                    for (Entry e : byBare.get(bare)) {
                        score(q, e, core[0], core[1], match).ifPresent(scored::add);
                    }
                }
            }
        }
    }

    private Optional<Scored> score(Query q, Entry e, int start, int end, Match match) {
        String[] t = q.tokens;
        boolean[] explained = new boolean[t.length];
        for (int i = start; i < end; i++) {
            explained[i] = true;
        }
        List<String[]> levelTypes = e.kind() == Kind.OLD_DISTRICT ? DISTRICT_TYPES
                : e.kind() == Kind.PROVINCE || e.kind() == Kind.OLD_PROVINCE ? PROVINCE_TYPES : COMMUNE_TYPES;
        String[] before = typeBefore(t, q.part, start, levelTypes);
        // A district or province type word right before a commune's name ("quận 1") means it is not the commune.
        String[] otherBefore = before == null ? typeBefore(t, q.part, start, ALL_TYPES) : null;
        boolean numbered = e.bare().chars().allMatch(c -> Character.isDigit(c) || c == ' ');
        if (numbered && e.type().length > 0 && before == null) {
            return Optional.empty();
        }
        boolean typeMatch = false;
        boolean typeMismatch = false;
        int typeStart = start;
        if (before != null) {
            typeStart = start - before.length;
            for (int i = typeStart; i < start; i++) {
                explained[i] = true;
            }
            typeMatch = Arrays.equals(before, e.type());
            typeMismatch = !typeMatch && e.type().length > 0;
        }
        boolean provinceMentioned = false;
        boolean districtMentioned = false;
        for (Phrase phrase : e.context()) {
            for (int at : occurrences(t, phrase.words())) {
                if (at < end && at + phrase.words().length > typeStart) {
                    continue;
                }
                for (int i = at; i < at + phrase.words().length; i++) {
                    explained[i] = true;
                }
                String[] type = typeBefore(t, q.part, at, ALL_TYPES);
                if (type != null) {
                    for (int i = at - type.length; i < at; i++) {
                        explained[i] = true;
                    }
                }
                if (phrase.district()) {
                    districtMentioned = true;
                } else {
                    provinceMentioned = true;
                }
            }
        }
        Set<Integer> named = new HashSet<>();
        for (int s = 0; s < t.length; s++) {
            if (s >= typeStart && s < end) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            for (int len = 1; len <= 5 && s + len <= t.length && (s + len <= typeStart || s >= end); len++) {
                key.append(len > 1 ? " " : "").append(t[s + len - 1]);
                named.addAll(provincePhrases.getOrDefault(key.toString(), Set.of()));
            }
        }
        // A province named in what is left, that is not this unit's, rules the unit out.
        boolean conflict = false;
        for (int s = 0; s < t.length && !conflict; s++) {
            StringBuilder key = new StringBuilder();
            for (int len = 1; len <= 4 && s + len <= t.length; len++) {
                if (explained[s + len - 1]) {
                    break;
                }
                key.append(len > 1 ? " " : "").append(t[s + len - 1]);
                Set<Integer> other = provincePhrases.get(key.toString());
                if (other != null && !explained[s] && other.stream().noneMatch(e.provinces()::contains)) {
                    conflict = true;
                    break;
                }
            }
        }
        for (String[] filler : FILLERS) {
            for (int at : occurrences(t, filler)) {
                for (int i = at; i < at + filler.length; i++) {
                    explained[i] = true;
                }
            }
        }
        for (String[] type : ALL_TYPES) {
            for (int at : occurrences(t, type)) {
                boolean free = true;
                for (int i = at; i < at + type.length; i++) {
                    free &= !explained[i];
                }
                // A lone type word ("tỉnh", "thành phố") explains nothing but costs nothing either,
                // unless it stands right before this commune's name as another level's type.
                if (free && !(otherBefore != null && at + type.length == start)) {
                    for (int i = at; i < at + type.length; i++) {
                        explained[i] = true;
                    }
                }
            }
        }
        int unexplained = 0;
        for (boolean x : explained) {
            unexplained += x ? 0 : 1;
        }
        int partStart = q.partStart(start);
        boolean wholePart = typeStart == partStart && end == q.partEnd(start) && q.part[typeStart] == q.part[start];
        PlaceSearch.Tier tier;
        int base;
        if (match == Match.WINDOW) {
            if (unexplained == 0) {
                tier = PlaceSearch.Tier.EXACT;
                base = 1000;
            } else if (typeMatch || wholePart) {
                tier = PlaceSearch.Tier.TYPED;
                base = 700;
            } else {
                if (numbered) {
                    return Optional.empty();
                }
                tier = PlaceSearch.Tier.CONTAINED;
                base = 300;
            }
        } else if (match == Match.PREFIX) {
            tier = PlaceSearch.Tier.PREFIX;
            if (unexplained == 0) {
                base = 800;
            } else if (typeMatch || wholePart) {
                base = 450;
            } else {
                return Optional.empty();
            }
        } else {
            tier = PlaceSearch.Tier.FUZZY;
            if (unexplained == 0) {
                base = 600;
            } else if (typeMatch || wholePart) {
                base = 400;
            } else {
                return Optional.empty();
            }
        }
        int score = base
                + (provinceMentioned ? 40 : 0)
                + (districtMentioned ? 40 : 0)
                + (typeMatch ? 15 : 0)
                - (typeMismatch ? 60 : 0)
                - Math.min(100, 10 * unexplained)
                + switch (e.kind()) {
                    case COMMUNE -> 10;
                    case OLD_COMMUNE -> 0;
                    case OLD_DISTRICT -> -20;
                    case PROVINCE -> 20;
                    case OLD_PROVINCE -> -20;
                }
                - (conflict ? 400 : 0)
                - (before == null && (e.kind() == Kind.COMMUNE || e.kind() == Kind.OLD_COMMUNE)
                   && provincePhrases.containsKey(e.bare()) ? 10 : 0)
                + (q.lower.contains(e.accented()) ? 5 : 0);
        return Optional.of(new Scored(e, score, tier, conflict, named));
    }

    private PlaceSearch decide(List<Scored> scored, Integer provinceFilter) {
        Map<Integer, PlaceSearch.Candidate> byCommune = new HashMap<>();
        Map<Integer, Scored> byProvince = new HashMap<>();
        for (Scored s : scored) {
            if (s.score() < MIN_SCORE) {
                continue;
            }
            Entry e = s.entry();
            PlaceSearch.Match via = new PlaceSearch.Match(e.kind(), e.name(), e.detail(), s.tier());
            if (e.kind() == Kind.PROVINCE) {
                for (int code : e.targets()) {
                    if (provinceFilter == null || provinceFilter == code) {
                        byProvince.merge(code, s, (a, b) -> a.score() >= b.score() ? a : b);
                    }
                }
                continue;
            }
            for (int code : e.targets()) {
                CommuneInfo commune = communes.get(code);
                if (provinceFilter != null && commune.provinceCode() != provinceFilter
                        || e.targets().length > 1 && !s.named().isEmpty() && !s.named().contains(commune.provinceCode())) {
                    continue;
                }
                PlaceSearch.Candidate candidate = new PlaceSearch.Candidate(commune, provinces.get(commune.provinceCode()),
                        s.score(), via);
                byCommune.merge(code, candidate, GazetteerIndex::better);
            }
        }
        int bestCommune = byCommune.values().stream().mapToInt(PlaceSearch.Candidate::score).max().orElse(Integer.MIN_VALUE);
        int bestProvince = byProvince.values().stream().mapToInt(Scored::score).max().orElse(Integer.MIN_VALUE);
        if (byCommune.isEmpty() && byProvince.isEmpty()) {
            return PlaceSearch.none();
        }
        if (bestProvince > bestCommune) {
            List<Map.Entry<Integer, Scored>> tied = byProvince.entrySet().stream()
                    .filter(x -> x.getValue().score() >= bestProvince - TIE).toList();
            Scored top = tied.get(0).getValue();
            PlaceSearch.Match via = new PlaceSearch.Match(top.entry().kind(), top.entry().name(), null, top.tier());
            if (tied.size() == 1) {
                return new PlaceSearch(PlaceSearch.Outcome.PROVINCE, List.of(), List.of(), provinces.get(tied.get(0).getKey()),
                        via, null);
            }
            List<PlaceSearch.ProvinceOption> options = tied.stream()
                    .map(x -> new PlaceSearch.ProvinceOption(provinces.get(x.getKey()), 0))
                    .sorted(Comparator.comparing(o -> o.province().bare())).toList();
            return new PlaceSearch(PlaceSearch.Outcome.PROVINCES, List.of(), options, null, via, null);
        }
        List<PlaceSearch.Candidate> tie = byCommune.values().stream()
                .filter(c -> c.score() >= bestCommune - TIE)
                .sorted(Comparator.comparingInt(PlaceSearch.Candidate::score).reversed()
                        .thenComparing(c -> c.province().bare())
                        .thenComparing(c -> naturalKey(c.commune().bare())))
                .toList();
        if (!tie.get(0).via().tier().confident()) {
            // Only found inside a longer text ("đường Nguyễn Huệ"): offer, never assume.
            List<PlaceSearch.Candidate> band = byCommune.values().stream()
                    .filter(c -> c.score() >= bestCommune - BAND)
                    .sorted(Comparator.comparingInt(PlaceSearch.Candidate::score).reversed()
                            .thenComparing(c -> naturalKey(c.commune().bare())))
                    .limit(MAX_GUESSES).toList();
            return new PlaceSearch(PlaceSearch.Outcome.CHOOSE, band, List.of(), band.get(0).province(), sharedVia(band), null);
        }
        PlaceSearch.Match via = sharedVia(tie);
        if (tie.size() == 1) {
            return new PlaceSearch(PlaceSearch.Outcome.FOUND, tie, List.of(), tie.get(0).province(), tie.get(0).via(), null);
        }
        long tieProvinces = tie.stream().map(c -> c.commune().provinceCode()).distinct().count();
        if (tieProvinces > 1) {
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            byCommune.values().stream().filter(c -> c.score() >= bestCommune - BAND)
                    .forEach(c -> counts.merge(c.commune().provinceCode(), 1, Integer::sum));
            List<PlaceSearch.ProvinceOption> options = counts.entrySet().stream()
                    .map(x -> new PlaceSearch.ProvinceOption(provinces.get(x.getKey()), x.getValue()))
                    .sorted(Comparator.comparing(o -> o.province().bare())).toList();
            return new PlaceSearch(PlaceSearch.Outcome.PROVINCES, tie, options, null, via, null);
        }
        return new PlaceSearch(PlaceSearch.Outcome.CHOOSE, tie, List.of(), tie.get(0).province(), via, null);
    }

    private static PlaceSearch.Candidate better(PlaceSearch.Candidate a, PlaceSearch.Candidate b) {
        if (a.score() != b.score()) {
            return a.score() > b.score() ? a : b;
        }
        return a.via().kind().ordinal() <= b.via().kind().ordinal() ? a : b;
    }

    /** The one old name all candidates came through ("Phường Đa Kao" split in two), if any. */
    private static PlaceSearch.Match sharedVia(List<PlaceSearch.Candidate> tie) {
        if (tie.isEmpty()) {
            return null;
        }
        PlaceSearch.Match first = tie.get(0).via();
        boolean shared = tie.stream().allMatch(c -> c.via().kind() == first.kind() && c.via().name().equals(first.name())
                && java.util.Objects.equals(c.via().detail(), first.detail()));
        return shared ? first : null;
    }

    // ---------------------------------------------------------------- text helpers

    private static List<String[]> types(String... words) {
        return Arrays.stream(words).map(w -> w.split(" ")).toList();
    }

    /** The name without its type word, folded: "Phường Bến Nghé" -> "ben nghe", "Phường 1" -> "1". */
    static String bare(String name, List<String[]> typeWords) {
        String folded = Folding.foldWords(name);
        String[] words = folded.split(" ");
        for (String[] type : typeWords) {
            if (words.length > type.length && Arrays.equals(Arrays.copyOf(words, type.length), type)) {
                return numbers(String.join(" ", Arrays.copyOfRange(words, type.length, words.length)));
            }
        }
        return numbers(folded);
    }

    private static String[] typeOf(String name, List<String[]> typeWords) {
        String[] words = Folding.foldWords(name).split(" ");
        for (String[] type : typeWords) {
            if (words.length > type.length && Arrays.equals(Arrays.copyOf(words, type.length), type)) {
                return type;
            }
        }
        return new String[0];
    }

    /** The bare name in lower case with its diacritics, for a small bonus when the query has them right. */
    private static String accented(String name, List<String[]> typeWords) {
        String lower = Folding.nfc(name).toLowerCase(Locale.ROOT).strip();
        int words = typeOf(name, typeWords).length;
        String[] parts = lower.split("\\s+");
        return String.join(" ", Arrays.copyOfRange(parts, Math.min(words, parts.length), parts.length));
    }

    /** "01" -> "1": numbered wards are written both ways. */
    private static String numbers(String folded) {
        return Arrays.stream(folded.split(" ")).map(w -> w.matches("0+\\d+") ? w.replaceFirst("^0+", "") : w)
                .reduce((a, b) -> a + " " + b).orElse("");
    }

    /** The type word ending right before {@code at}, within the same comma-separated part. */
    private static String[] typeBefore(String[] t, int[] parts, int at, List<String[]> types) {
        for (String[] type : types) {
            int from = at - type.length;
            if (from < 0 || at >= t.length || parts[from] != parts[at]) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < type.length; i++) {
                same &= t[from + i].equals(type[i]);
            }
            if (same) {
                return type;
            }
        }
        return null;
    }

    private static List<Integer> occurrences(String[] t, String[] words) {
        List<Integer> at = new ArrayList<>();
        for (int s = 0; s + words.length <= t.length; s++) {
            boolean same = true;
            for (int i = 0; i < words.length && same; i++) {
                same = t[s + i].equals(words[i]);
            }
            if (same) {
                at.add(s);
            }
        }
        return at;
    }

    /** Optimal string alignment distance, giving up past {@code budget}. */
    static int editDistance(String a, String b, int budget) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > budget) {
            return budget + 1;
        }
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > budget) {
                return budget + 1;
            }
        }
        return d[n][m];
    }

    /** A query: folded words with abbreviations expanded, each word knowing its comma-separated part. */
    private static final class Query {

        final String lower;
        final String[] tokens;
        final int[] part;

        private Query(String lower, String[] tokens, int[] part) {
            this.lower = lower;
            this.tokens = tokens;
            this.part = part;
        }

        static Query parse(String text) {
            List<String> tokens = new ArrayList<>();
            List<Integer> parts = new ArrayList<>();
            int partIndex = 0;
            for (String piece : PARTS.split(text)) {
                List<String> words = new ArrayList<>();
                for (String word : Folding.foldWords(piece).split(" ")) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    Matcher glued = GLUED.matcher(word);
                    if (glued.matches()) {
                        words.add(ABBREVIATIONS.get(glued.group(1)));
                        words.add(glued.group(2));
                    } else {
                        words.addAll(Arrays.asList(ABBREVIATIONS.getOrDefault(word, word).split(" ")));
                    }
                }
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < words.size(); i++) {
                    String w = words.get(i);
                    // "CA phường ..." is the police of the ward, not a name.
                    String next = i + 1 < words.size() ? words.get(i + 1) : "";
                    if (w.equals("ca") && COMMUNE_TYPES.stream().anyMatch(tp -> tp[0].equals(next))) {
                        continue;
                    }
                    kept.add(w.matches("0+\\d+") ? w.replaceFirst("^0+", "") : w);
                }
                if (!kept.isEmpty()) {
                    tokens.addAll(kept);
                    for (int i = 0; i < kept.size(); i++) {
                        parts.add(partIndex);
                    }
                    partIndex++;
                }
            }
            return new Query(text.toLowerCase(Locale.ROOT), tokens.toArray(new String[0]),
                    parts.stream().mapToInt(Integer::intValue).toArray());
        }

        int partStart(int index) {
            int i = index;
            while (i > 0 && part[i - 1] == part[index]) {
                i--;
            }
            return i;
        }

        int partEnd(int index) {
            int i = index;
            while (i < part.length && part[i] == part[index]) {
                i++;
            }
            return i;
        }

        /** Each part's likely name: without a leading type word, and again without trailing province/district names. */
        List<int[]> cores(Set<String> provinceNames, Set<String> districtNames) {
            List<int[]> cores = new ArrayList<>();
            int s = 0;
            while (s < tokens.length) {
                int e = partEnd(s);
                int cs = s;
                String[] type = null;
                for (String[] tp : ALL_TYPES) {
                    if (cs + tp.length < e && Arrays.equals(Arrays.copyOfRange(tokens, cs, cs + tp.length), tp)) {
                        type = tp;
                        break;
                    }
                }
                if (type != null) {
                    cs += type.length;
                }
                cores.add(new int[]{cs, e});
                int ce = e;
                boolean stripped = true;
                while (stripped && ce > cs) {
                    stripped = false;
                    for (int len = Math.min(5, ce - cs - 1); len >= 1; len--) {
                        String tail = String.join(" ", Arrays.copyOfRange(tokens, ce - len, ce));
                        if (provinceNames.contains(tail) || districtNames.contains(tail)) {
                            ce -= len;
                            String[] before = ce < tokens.length ? typeBefore(tokens, part, ce, ALL_TYPES) : null;
                            if (before != null && ce - before.length > cs) {
                                ce -= before.length;
                            }
                            stripped = true;
                            break;
                        }
                    }
                }
                if (ce < e && ce > cs) {
                    cores.add(new int[]{cs, ce});
                }
                s = e;
            }
            return cores;
        }
    }
}
