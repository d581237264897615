package vn.tipline.police;

import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.system.StartUpWorkDone;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Vietnam's administrative units, kept in MongoDB and searched in memory.
 *
 * <p>At startup the reference files' version (SHA-256, plus the list of special zones without
 * commune police) is compared with the one stored in {@code gazetteer_meta}. If they differ, the
 * documents that differ are written (upserts by {@code _id}), those gone removed, the police
 * units created, renamed or retired (keeping their contact details), and only then the new
 * version written, so an interrupted load is simply redone at the next start. The search index
 * is then built from what the store holds. Instances sharing one store load it one at a time
 * ({@link GazetteerLease}): the others wait for the version to appear, and take over the load if
 * the one loading stops renewing its lease.
 *
 * <p>All of this runs on its own thread, begun once the service is up (or by the first lookup), so the
 * service starts and answers webhooks meanwhile: a lookup made before it is done waits for it, and
 * {@code /actuator/health} shows the component
 * {@code gazetteer} as UNKNOWN while loading, UP when ready, DEGRADED (still 200: webhooks and tips
 * go on, tips without a unit to the national queue) while a failed load is retried, with backoff.
 */
@Service
public class Gazetteer {

    private static final Logger log = LoggerFactory.getLogger(Gazetteer.class);
    private static final String META_ID = "gazetteer";
    private static final int BATCH = 1000;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Thread loader;
    private final GazetteerLease lease;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Counted down when the first attempt ends, loaded or not: lookups wait for it, not for retries. */
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile Loaded loaded;
    private volatile Throwable failure;
    private volatile boolean closing;

    /** What a finished load leaves: the reference data's version and the search index. */
    private record Loaded(String version, GazetteerIndex index) {
    }

    /** Longest a lookup waits for the first load (a first start writes 6,700 documents: seconds). */
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Between attempts after a failure (a store away at start-up, files being replaced): doubling up to this. */
    static final Duration RETRY_MAX = Duration.ofMinutes(5);

    Gazetteer(MongoTemplate mongo, PoliceProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.clock = clock;
        this.lease = new GazetteerLease(mongo, clock);
        this.loader = new Thread(() -> {
            loadUntilDone(properties);
            if (loaded != null) {
                // The start-up's largest work, and the last to finish: what it left in the heap can go back.
                events.publishEvent(new StartUpWorkDone("Gazetteer load"));
            }
        }, "gazetteer-load");
        loader.setDaemon(true);
    }

    /**
     * Loading begins once the service is up, or at the first lookup if one comes sooner. Begun with
     * the context, it took a core from the start on 2 cores and delayed health UP (bench/README.md:
     * start-up); a lookup waits for it either way.
     */
    @EventListener(ApplicationReadyEvent.class)
    void startLoading() {
        if (started.compareAndSet(false, true)) {
            loader.start();
        }
    }

    private void loadUntilDone(PoliceProperties properties) {
        Duration pause = Duration.ofSeconds(5);
        while (!closing) {
            try {
                loaded = prepare(properties);
                firstAttempt.countDown();
                return;
            } catch (RuntimeException e) {
                failure = e;
                firstAttempt.countDown();
                if (closing) {
                    return;
                }
                log.error("Gazetteer could not be loaded; police lookups fail (tips go to the national queue) until it is; "
                        + "trying again in {} s", pause.toSeconds(), e);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : doubled;
        }
    }

    private Loaded prepare(PoliceProperties properties) {
        long started = System.nanoTime();
        GazetteerFiles.Contents files = GazetteerFiles.read(properties.gazetteerDir());
        String version = files.version() + "/no-commune-police=" + new TreeSet<>(properties.zonesWithoutCommunePolice());
        boolean current = isStored(version);
        boolean waited = false;
        while (!current) {
            if (lease.take()) {
                try {
                    // Another instance may have finished between our check and the lease.
                    current = isStored(version);
                    if (!current) {
                        load(GazetteerRecords.from(files, new HashSet<>(properties.zonesWithoutCommunePolice())), version);
                    }
                } finally {
                    lease.release();
                }
                break;
            }
            if (!waited) {
                log.info("Gazetteer: another instance is loading it into the shared store; waiting for it");
                waited = true;
            }
            pauseWhileAnotherLoads();
            current = isStored(version);
        }
        GazetteerIndex index = new GazetteerIndex(mongo.findAll(GazetteerRecords.Province.class),
                mongo.findAll(GazetteerRecords.Commune.class));
        log.info("Gazetteer {} {}: {} provinces, {} communes ({} with commune police), {} old names; ready in {} ms",
                version, current ? "already stored" : "loaded", index.provinceCount(), index.communeCount(),
                index.communePoliceCount(), index.oldCommuneCount(), (System.nanoTime() - started) / 1_000_000);
        return new Loaded(version, index);
    }

    private boolean isStored(String version) {
        Document meta = mongo.getCollection(GazetteerRecords.META).find(new Document("_id", META_ID)).first();
        return meta != null && version.equals(meta.getString("version"))
                && mongo.getCollection(PoliceUnit.COLLECTION).estimatedDocumentCount() > 0;
    }

    private void pauseWhileAnotherLoads() {
        try {
            Thread.sleep(GazetteerLease.POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GazetteerUnavailable("interrupted while another instance loads the gazetteer", e);
        }
    }

    /**
     * Waits until the gazetteer and the police units are stored and indexed (at most {@link #WAIT});
     * throws {@link GazetteerUnavailable} if loading failed or is still not done.
     */
    void awaitReady() {
        loaded();
    }

    private Loaded loaded() {
        Loaded done = loaded;
        if (done != null) {
            return done;
        }
        startLoading();
        try {
            if (!firstAttempt.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new GazetteerUnavailable("the gazetteer is still loading", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GazetteerUnavailable("interrupted while waiting for the gazetteer", e);
        }
        done = loaded;
        if (done == null) {
            Throwable cause = failure;
            throw new GazetteerUnavailable("the gazetteer could not be loaded: " + (cause == null ? "unknown" : cause.getMessage()),
                    cause);
        }
        return done;
    }

    boolean isLoading() {
        return loaded == null && firstAttempt.getCount() > 0;
    }

    /** Why the last attempt failed; empty while the first is running or once loaded. */
    Optional<Throwable> failure() {
        return loaded != null ? Optional.empty() : Optional.ofNullable(failure);
    }

    /** The store must stay open until a load in progress has finished: a closing context waits for it. */
    @PreDestroy
    void stopLoading() throws InterruptedException {
        closing = true;
        if (loaded == null && failure != null) {
            loader.interrupt(); // an attempt failed: stop the wait for the next one (or the retry under way)
        }
        loader.join(WAIT.toMillis());
    }

    private void load(GazetteerRecords.All all, String version) {
        int provinces = sync(GazetteerRecords.Province.class, all.provinces(), GazetteerRecords.Province::code);
        lease.renew();
        int communes = sync(GazetteerRecords.Commune.class, all.communes(), GazetteerRecords.Commune::code);
        lease.renew();
        seedUnits(all);
        lease.renew();
        mongo.getCollection(GazetteerRecords.META).replaceOne(new Document("_id", META_ID),
                new Document("_id", META_ID).append("version", version).append("loadedAt", java.util.Date.from(clock.instant()))
                        .append("provinces", all.provinces().size()).append("communes", all.communes().size())
                        .append("oldCommunes", all.formerCount()),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        log.info("Gazetteer {} stored: {} province and {} commune documents written or removed", version, provinces, communes);
    }

    /**
     * Makes the collection hold exactly {@code wanted}: inserts everything into an empty one,
     * else writes only the documents that differ and removes those no longer there (a data
     * release changes few units; writing all of them is slow on the embedded store). A document
     * found already there (a load whose lease ran out, still writing) turns the inserts into the
     * comparison, which writes by upsert.
     */
    private <T, K> int sync(Class<T> type, List<T> wanted, Function<T, K> id) {
        List<T> existing = mongo.findAll(type);
        if (existing.isEmpty()) {
            try {
                for (int from = 0; from < wanted.size(); from += BATCH) {
                    mongo.insert(wanted.subList(from, Math.min(wanted.size(), from + BATCH)), type);
                    lease.renew();
                }
                return wanted.size();
            } catch (DuplicateKeyException written) {
                existing = mongo.findAll(type);
            }
        }
        Map<K, T> stored = new HashMap<>();
        existing.forEach(d -> stored.put(id.apply(d), d));
        List<T> changed = wanted.stream().filter(d -> !d.equals(stored.get(id.apply(d)))).toList();
        Set<K> keep = new HashSet<>();
        wanted.forEach(d -> keep.add(id.apply(d)));
        List<K> gone = stored.keySet().stream().filter(k -> !keep.contains(k)).toList();
        if (!changed.isEmpty() || !gone.isEmpty()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type);
            changed.forEach(d -> bulk.replaceOne(Query.query(Criteria.where("_id").is(id.apply(d))), d,
                    FindAndReplaceOptions.options().upsert()));
            gone.forEach(k -> bulk.remove(Query.query(Criteria.where("_id").is(k))));
            bulk.execute();
        }
        return changed.size() + gone.size();
    }

    /** What the gazetteer says of a unit; contact details are the administrators' and never touched here. */
    private record UnitFacts(String code, PoliceUnit.Kind kind, String name, Integer communeCode, String communeName,
                             int provinceCode, String provinceName) {

        static UnitFacts of(PoliceUnit u) {
            return new UnitFacts(u.code(), u.kind(), u.name(), u.communeCode(), u.communeName(), u.provinceCode(),
                    u.provinceName());
        }
    }

    /** One unit per commune with its own police and per province; contact details already on file stay. */
    private void seedUnits(GazetteerRecords.All all) {
        Map<Integer, String> provinceNames = new HashMap<>();
        all.provinces().forEach(p -> provinceNames.put(p.code(), p.name()));
        List<UnitFacts> wanted = new ArrayList<>();
        for (GazetteerRecords.Province p : all.provinces()) {
            wanted.add(new UnitFacts(PoliceCodes.province(p.code()), PoliceUnit.Kind.PROVINCE,
                    provincialPoliceName(p.name()), null, null, p.code(), p.name()));
        }
        for (GazetteerRecords.Commune c : all.communes()) {
            if (c.hasCommunePolice()) {
                wanted.add(new UnitFacts(c.policeUnit(), PoliceUnit.Kind.COMMUNE, communePoliceName(c.name()), c.code(),
                        c.name(), c.provinceCode(), provinceNames.get(c.provinceCode())));
            }
        }
        Map<String, PoliceUnit> stored = new HashMap<>();
        mongo.findAll(PoliceUnit.class).forEach(u -> stored.put(u.code(), u));
        List<PoliceUnit> fresh = new ArrayList<>();
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PoliceUnit.class);
        int updates = 0;
        for (UnitFacts f : wanted) {
            PoliceUnit unit = stored.get(f.code());
            if (unit == null) {
                fresh.add(new PoliceUnit(f.code(), f.kind(), f.name(), f.communeCode(), f.communeName(), f.provinceCode(),
                        f.provinceName(), null, List.of(), null, null, null, null, null, false, null, null));
            } else if (!UnitFacts.of(unit).equals(f) || unit.retired()) {
                bulk.updateOne(Query.query(Criteria.where("_id").is(f.code())), new Update().set("kind", f.kind())
                        .set("name", f.name()).set("communeCode", f.communeCode()).set("communeName", f.communeName())
                        .set("provinceCode", f.provinceCode()).set("provinceName", f.provinceName()).set("retired", false));
                updates++;
            }
        }
        Set<String> inForce = new HashSet<>();
        wanted.forEach(f -> inForce.add(f.code()));
        int retired = 0;
        for (PoliceUnit unit : stored.values()) {
            if (!inForce.contains(unit.code()) && !unit.retired()) {
                bulk.updateOne(Query.query(Criteria.where("_id").is(unit.code())), new Update().set("retired", true));
                retired++;
            }
        }
        if (updates + retired > 0) {
            bulk.execute();
        }
        try {
            for (int from = 0; from < fresh.size(); from += BATCH) {
                mongo.insert(fresh.subList(from, Math.min(fresh.size(), from + BATCH)), PoliceUnit.class);
                lease.renew();
            }
        } catch (DuplicateKeyException createdMeanwhile) {
            // By a load whose lease ran out: compare again with what is stored now, keeping its details.
            seedUnits(all);
            return;
        }
        log.info("Police units: {} in force ({} created, {} updated), {} retired now", wanted.size(), fresh.size(), updates,
                retired);
    }

    /** "Công an phường Sài Gòn", "Công an xã An Phú", "Công an đặc khu Phú Quốc": the official naming. */
    static String communePoliceName(String communeName) {
        String lowered = communeName.isEmpty() ? communeName
                : Character.toLowerCase(communeName.charAt(0)) + communeName.substring(1);
        return "Công an " + lowered;
    }

    /** "Công an tỉnh Cao Bằng", "Công an Thành phố Hà Nội". */
    static String provincialPoliceName(String provinceName) {
        return provinceName.startsWith("Tỉnh ") ? "Công an tỉnh " + provinceName.substring(5) : "Công an " + provinceName;
    }

    String version() {
        return loaded().version();
    }

    GazetteerIndex index() {
        return loaded().index();
    }

    PlaceSearch search(String query) {
        return index().search(query);
    }

    PlaceSearch search(String query, Integer province) {
        return index().search(query, province);
    }

    Optional<GazetteerIndex.CommuneInfo> commune(int code) {
        return index().commune(code);
    }

    Optional<GazetteerIndex.ProvinceInfo> province(int code) {
        return index().province(code);
    }
}
