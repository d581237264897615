package vn.tipline.police;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.conversation.Folding;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The police units and their contact details: lookups, the nearest units to a point, and
 * all-or-nothing changes by an administrator.
 */
@Service
class PoliceUnits {

    private static final Logger log = LoggerFactory.getLogger(PoliceUnits.class);
    private static final double EARTH_KM = 6371.0088;

    private final MongoTemplate mongo;
    private final Gazetteer gazetteer;
    private final Clock clock;

    PoliceUnits(MongoTemplate mongo, Gazetteer gazetteer, Clock clock) {
        this.mongo = mongo;
        this.gazetteer = gazetteer;
        this.clock = clock;
    }

    record Nearby(PoliceUnit unit, double km) {
    }

    /** The store, once the gazetteer has written the units (it loads on its own thread at start-up). */
    private MongoTemplate mongo() {
        gazetteer.awaitReady();
        return mongo;
    }

    Optional<PoliceUnit> find(String code) {
        return code == null || code.isBlank() ? Optional.empty() : Optional.ofNullable(mongo().findById(code, PoliceUnit.class));
    }

    /** The unit covering a commune: its own police, or the provincial police for a special zone without one. */
    Optional<PoliceUnit> forCommune(int communeCode) {
        return gazetteer.commune(communeCode).flatMap(c -> find(c.unit()));
    }

    /** Units, optionally of one province and/or whose name contains {@code text} (accents and case ignored), by code. */
    List<PoliceUnit> list(Integer provinceCode, String text, boolean withoutContactsOnly) {
        Query query = new Query().with(Sort.by("_id"));
        if (provinceCode != null) {
            query.addCriteria(Criteria.where("provinceCode").is(provinceCode));
        }
        String folded = Folding.foldWords(text);
        return mongo().find(query, PoliceUnit.class).stream()
                .filter(u -> folded.isEmpty() || Folding.foldWords(u.name()).contains(folded))
                .filter(u -> !withoutContactsOnly || !u.hasContacts())
                .toList();
    }

    long count() {
        return mongo().count(Query.query(Criteria.where("retired").is(false)), PoliceUnit.class);
    }

    long count(PoliceUnit.Kind kind) {
        return mongo().count(Query.query(Criteria.where("retired").is(false).and("kind").is(kind)), PoliceUnit.class);
    }

    /**
     * Units whose office is within {@code maxKm} of the point, nearest first. The distance is
     * computed here over the units that have coordinates: geo queries are not reliable on the
     * embedded store. Their positions are kept in memory ({@link #located}): a scan of every unit
     * per shared location cost the embedded store more CPU than anything else in a tip (3,300
     * documents read per tip, bench/README.md). The units found are then read by id, and a unit
     * moved, retired or gone since the positions were read (a change made by another instance, or
     * the gazetteer's import) makes them be read again; a change made here forgets them at once. A
     * unit that gains a position through another instance counts within {@link #POSITIONS_KEPT}.
     * The office nearest to a point is not always
     * the one whose area covers it, which is why citizens are shown a list.
     */
    List<Nearby> nearest(double latitude, double longitude, double maxKm, int count) {
        List<Nearby> near = nearest(located(false), latitude, longitude, maxKm, count);
        if (near == null) {
            near = nearest(located(true), latitude, longitude, maxKm, count);
        }
        return near != null ? near : nearestByScan(latitude, longitude, maxKm, count);
    }

    /** A unit's office position, as last read. */
    private record Located(String code, double latitude, double longitude) {
    }

    private record Positions(List<Located> units, long readAt) {
    }

    /** How long positions read from the store are trusted: changes made here forget them at once. */
    static final java.time.Duration POSITIONS_KEPT = java.time.Duration.ofMinutes(1);

    private final Object positionsLock = new Object();
    private volatile Positions positions;
    /** Guarded by positionsLock: bumped by every change here, so positions read across a change are not kept. */
    private long positionsGeneration;

    private List<Located> located(boolean fresh) {
        Positions known = positions;
        if (!fresh && known != null && System.nanoTime() - known.readAt() < POSITIONS_KEPT.toNanos()) {
            return known.units();
        }
        long generation;
        synchronized (positionsLock) {
            generation = positionsGeneration;
        }
        long readAt = System.nanoTime();
        Query query = located();
        query.fields().include("_id", "latitude", "longitude");
        List<Located> units = new ArrayList<>();
        for (org.bson.Document doc : mongo().find(query, org.bson.Document.class, PoliceUnit.COLLECTION)) {
            if (doc.get("latitude") instanceof Number lat && doc.get("longitude") instanceof Number lon) {
                units.add(new Located(String.valueOf(doc.get("_id")), lat.doubleValue(), lon.doubleValue()));
            }
        }
        synchronized (positionsLock) {
            if (generation == positionsGeneration) {
                positions = new Positions(List.copyOf(units), readAt);
            }
        }
        return units;
    }

    /** Forgets the positions read, after a change here (and any being read meanwhile). */
    private void forgetPositions() {
        synchronized (positionsLock) {
            positionsGeneration++;
            positions = null;
        }
    }

    private static Query located() {
        return Query.query(Criteria.where("latitude").ne(null).and("longitude").ne(null).and("retired").is(false));
    }

    /** The nearest of {@code units}, read by id; null if one of them changed since its position was read. */
    private List<Nearby> nearest(List<Located> units, double latitude, double longitude, double maxKm, int count) {
        record Candidate(Located unit, double km) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Located unit : units) {
            double km = distanceKm(latitude, longitude, unit.latitude(), unit.longitude());
            if (km <= maxKm) {
                candidates.add(new Candidate(unit, km));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::km));
        List<Nearby> near = new ArrayList<>();
        for (Candidate candidate : candidates.subList(0, Math.min(count, candidates.size()))) {
            PoliceUnit unit = mongo().findById(candidate.unit().code(), PoliceUnit.class);
            if (unit == null || unit.retired() || unit.latitude() == null || unit.longitude() == null
                    || unit.latitude() != candidate.unit().latitude() || unit.longitude() != candidate.unit().longitude()) {
                return null;
            }
            near.add(new Nearby(unit, candidate.km()));
        }
        return near;
    }

    /** Every unit with a position, read from the store: when positions keep changing under {@link #nearest}. */
    private List<Nearby> nearestByScan(double latitude, double longitude, double maxKm, int count) {
        List<Nearby> near = new ArrayList<>();
        for (PoliceUnit unit : mongo().find(located(), PoliceUnit.class)) {
            double km = distanceKm(latitude, longitude, unit.latitude(), unit.longitude());
            if (km <= maxKm) {
                near.add(new Nearby(unit, km));
            }
        }
        near.sort(Comparator.comparingDouble(Nearby::km));
        return near.subList(0, Math.min(count, near.size()));
    }

    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * Applies validated changes, all or nothing. The store has no transactions, so the previous
     * values are kept and written back if any write fails; the caller then reports the failure.
     */
    void apply(List<UnitImport.Change> changes, String by) {
        List<PoliceUnit> before = new ArrayList<>();
        try {
            for (UnitImport.Change change : changes) {
                PoliceUnit previous = mongo().findById(change.code(), PoliceUnit.class);
                if (previous == null) {
                    throw new IllegalStateException("unit " + change.code() + " disappeared during the import");
                }
                Update update = new Update().set("contactsUpdatedAt", clock.instant()).set("contactsUpdatedBy", by);
                change.set().forEach(update::set);
                change.unset().forEach(update::unset);
                mongo().updateFirst(Query.query(Criteria.where("_id").is(change.code())), update, PoliceUnit.class);
                forgetPositions();
                before.add(previous);
            }
        } catch (RuntimeException e) {
            log.error("Unit contact change failed after {} of {} units; restoring them: {}", before.size(), changes.size(),
                    e.toString());
            restore(before);
            throw new ImportFailedException(e);
        }
        log.info("Contact details of {} police units changed", changes.size());
    }

    private void restore(List<PoliceUnit> before) {
        for (PoliceUnit unit : before) {
            Update update = new Update();
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("address", unit.address());
            fields.put("phones", unit.phones().isEmpty() ? null : unit.phones());
            fields.put("hours", unit.hours());
            fields.put("latitude", unit.latitude());
            fields.put("longitude", unit.longitude());
            fields.put("telegramChatId", unit.telegramChatId());
            fields.put("zaloGroupId", unit.zaloGroupId());
            fields.put("contactsUpdatedAt", unit.contactsUpdatedAt());
            fields.put("contactsUpdatedBy", unit.contactsUpdatedBy());
            fields.forEach((k, v) -> {
                if (v == null) {
                    update.unset(k);
                } else {
                    update.set(k, v);
                }
            });
            mongo().updateFirst(Query.query(Criteria.where("_id").is(unit.code())), update, PoliceUnit.class);
            forgetPositions();
        }
    }

    static final class ImportFailedException extends RuntimeException {
        ImportFailedException(Throwable cause) {
            super("the change could not be saved and was rolled back", cause);
        }
    }
}
