package vn.tipline.indicator;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An indicator as stored: its value, the tips that named it (ids only: never the reporter, never
 * the tip's text), what officers decided about it, and how many times citizens checked it while
 * it was confirmed (a count, never who).
 *
 * @param id         derived from type and value ({@link IndicatorStore#idOf}): an opaque id in URLs and the audit log
 * @param qualifiers banks or wallets named beside it
 * @param lastSeen   when a tip or relay message last added to it: no tip created since is missing from an indicator seen earlier
 * @param relays     relay threads in which a citizen named it (thread code and unit only)
 */
@Document(IndicatorRecord.COLLECTION)
record IndicatorRecord(@Id String id, IndicatorType type, String value, Set<String> qualifiers, List<TipRef> tips,
                       Status status, String reason, String decidedBy, Instant decidedAt, long checks,
                       Instant firstSeen, Instant lastSeen, List<RelayRef> relays) {

    static final String COLLECTION = "indicators";

    enum Status { REPORTED, CONFIRMED, CLEARED }

    /** A tip naming the indicator, and when it was filed. */
    record TipRef(String id, Instant at) {
    }

    /**
     * A relay thread in which the citizen named the indicator: the code officers see, the unit it is
     * with and that unit's province (for the scope rule), and when it was first named there.
     */
    record RelayRef(String thread, String unit, String province, Instant at) {
    }

    IndicatorRecord {
        relays = relays == null ? List.of() : List.copyOf(relays);
        qualifiers = qualifiers == null ? Set.of() : Set.copyOf(qualifiers);
        tips = tips == null ? List.of() : List.copyOf(tips);
        status = status == null ? Status.REPORTED : status;
    }

    /** Reports naming it: tips and relay threads. */
    int reports() {
        return tips.size() + relays.size();
    }
}
