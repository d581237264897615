package vn.tipline.indicator;

import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A citizen's check of a number, account, website or profile. It answers only from indicators
 * officers confirmed, or that the {@link ReferenceList} lists as verified: an unverified report
 * never answers, so an honest person named in a false tip is not defamed, and an officer's
 * clearing stands over the list. A check is counted on the indicator it found, and nowhere else:
 * nothing records who checked, and a value not found leaves no trace.
 */
@Service
class CitizenCheck {

    private final Candidates candidates;
    private final IndicatorStore store;
    private final ReferenceList list;
    private final CheckCounts counts;

    CitizenCheck(Candidates candidates, IndicatorStore store, ReferenceList list, CheckCounts counts) {
        this.candidates = candidates;
        this.store = store;
        this.list = list;
        this.counts = counts;
    }

    /** A confirmed indicator found, and how many reports named it. */
    record Hit(IndicatorType type, String value, int reports) {
    }

    /** Empty: nothing checkable in the text. Otherwise the confirmed hits, possibly none. */
    Optional<List<Hit>> check(String typed) {
        Set<Indicator> named = candidates.of(typed);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        // One read for every way the value may be stored, not one per way.
        Map<String, IndicatorRecord> stored = store.among(named.stream().map(IndicatorStore::idOf).toList()).stream()
                .collect(Collectors.toMap(IndicatorRecord::id, Function.identity()));
        List<Hit> hits = new ArrayList<>();
        for (Indicator candidate : named) { // in the order the text named them
            String id = IndicatorStore.idOf(candidate);
            IndicatorRecord found = stored.get(id);
            if (found != null && found.status() == IndicatorRecord.Status.CONFIRMED) {
                counts.add(id);
                hits.add(new Hit(found.type(), found.value(), found.reports()));
            } else if (found == null || found.status() != IndicatorRecord.Status.CLEARED) {
                OptionalInt listed = list.reports(candidate);
                if (listed.isPresent()) {
                    counts.add(id);
                    hits.add(new Hit(candidate.type(), candidate.value(), listed.getAsInt()));
                }
            }
        }
        return Optional.of(hits);
    }
}
