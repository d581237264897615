package vn.tipline.police;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Vietnam's administrative units, kept in MongoDB and searched in memory.
 *
 * <p>At startup the reference files' version (SHA-256, plus the list of special zones without
 * commune police) is compared with the one stored in {@code gazetteer_meta}. If they differ, the
 * documents are upserted, stale ones removed, the police units created or renamed (keeping
 * their contact details), and only then the new version written, so an interrupted load is
 * simply redone at the next start. Upserts by {@code _id} keep two instances starting at once
 * from clashing. The search index is then built from what the store holds.
 */
@Service
public class Gazetteer {

    private static final Logger log = LoggerFactory.getLogger(Gazetteer.class);
    private static final String META_ID = "gazetteer";
    private static final int BATCH = 1000;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final GazetteerIndex index;
    private final String version;

    Gazetteer(MongoTemplate mongo, PoliceProperties properties, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        long started = System.nanoTime();
        GazetteerFiles.Contents files = GazetteerFiles.read(properties.gazetteerDir());
        this.version = files.version() + "/no-commune-police=" + new TreeSet<>(properties.zonesWithoutCommunePolice());
        Document meta = mongo.getCollection(GazetteerRecords.META).find(new Document("_id", META_ID)).first();
        boolean current = meta != null && version.equals(meta.getString("version"))
                && mongo.getCollection(PoliceUnit.COLLECTION).estimatedDocumentCount() > 0;
        if (!current) {
            load(GazetteerRecords.from(files, new java.util.HashSet<>(properties.zonesWithoutCommunePolice()), version));
        }
        this.index = new GazetteerIndex(mongo.findAll(GazetteerRecords.Province.class),
                mongo.findAll(GazetteerRecords.Commune.class));
        log.info("Gazetteer {} {}: {} provinces, {} communes ({} with commune police), {} old names; ready in {} ms",
                version, current ? "already stored" : "loaded", index.provinceCount(), index.communeCount(),
                index.communePoliceCount(), index.oldCommuneCount(), (System.nanoTime() - started) / 1_000_000);
    }

    private void load(GazetteerRecords.All all) {
        boolean first = mongo.getCollection(GazetteerRecords.COMMUNES).estimatedDocumentCount() == 0;
        upsert(GazetteerRecords.Province.class, all.provinces(), p -> p.code());
        upsert(GazetteerRecords.Commune.class, all.communes(), c -> c.code());
        Query stale = Query.query(Criteria.where("version").ne(version));
        long removed = first ? 0 : mongo.remove(stale, GazetteerRecords.Province.class).getDeletedCount()
                + mongo.remove(stale, GazetteerRecords.Commune.class).getDeletedCount();
        seedUnits(all);
        mongo.getCollection(GazetteerRecords.META).replaceOne(new Document("_id", META_ID),
                new Document("_id", META_ID).append("version", version).append("loadedAt", java.util.Date.from(clock.instant()))
                        .append("provinces", all.provinces().size()).append("communes", all.communes().size())
                        .append("oldCommunes", all.formerCount()),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        log.info("Gazetteer {} stored ({} stale documents removed)", version, removed);
    }

    private <T> void upsert(Class<T> type, List<T> documents, java.util.function.Function<T, Object> id) {
        if (mongo.getCollection(mongo.getCollectionName(type)).estimatedDocumentCount() == 0) {
            // First start: plain inserts are several times faster than upserts on the embedded store.
            for (int from = 0; from < documents.size(); from += BATCH) {
                mongo.insert(documents.subList(from, Math.min(documents.size(), from + BATCH)), type);
            }
            return;
        }
        for (int from = 0; from < documents.size(); from += BATCH) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type);
            for (T document : documents.subList(from, Math.min(documents.size(), from + BATCH))) {
                bulk.replaceOne(Query.query(Criteria.where("_id").is(id.apply(document))), document,
                        FindAndReplaceOptions.options().upsert());
            }
            bulk.execute();
        }
    }

    /** One unit per commune with its own police and per province; contact details already on file stay. */
    private void seedUnits(GazetteerRecords.All all) {
        java.util.Map<Integer, String> provinceNames = new java.util.HashMap<>();
        all.provinces().forEach(p -> provinceNames.put(p.code(), p.name()));
        List<Object[]> units = new ArrayList<>();
        for (GazetteerRecords.Province p : all.provinces()) {
            units.add(new Object[]{PoliceCodes.province(p.code()), PoliceUnit.Kind.PROVINCE, provincialPoliceName(p.name()),
                    null, null, p.code(), p.name()});
        }
        for (GazetteerRecords.Commune c : all.communes()) {
            if (c.hasCommunePolice()) {
                units.add(new Object[]{c.policeUnit(), PoliceUnit.Kind.COMMUNE, communePoliceName(c.name()), c.code(),
                        c.name(), c.provinceCode(), provinceNames.get(c.provinceCode())});
            }
        }
        if (mongo.getCollection(PoliceUnit.COLLECTION).estimatedDocumentCount() == 0) {
            List<PoliceUnit> fresh = units.stream().map(u -> new PoliceUnit((String) u[0], (PoliceUnit.Kind) u[1],
                    (String) u[2], (Integer) u[3], (String) u[4], (Integer) u[5], (String) u[6], null, List.of(), null,
                    null, null, null, null, false, version, null, null)).toList();
            for (int from = 0; from < fresh.size(); from += BATCH) {
                mongo.insert(fresh.subList(from, Math.min(fresh.size(), from + BATCH)), PoliceUnit.class);
            }
            log.info("Police units: {} created", fresh.size());
            return;
        }
        for (int from = 0; from < units.size(); from += BATCH) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PoliceUnit.class);
            for (Object[] u : units.subList(from, Math.min(units.size(), from + BATCH))) {
                Update update = new Update().set("kind", u[1]).set("name", u[2]).set("communeCode", u[3])
                        .set("communeName", u[4]).set("provinceCode", u[5]).set("provinceName", u[6])
                        .set("retired", false).set("version", version);
                bulk.upsert(Query.query(Criteria.where("_id").is(u[0])), update);
            }
            bulk.execute();
        }
        long retired = mongo.updateMulti(Query.query(Criteria.where("version").ne(version)),
                new Update().set("retired", true), PoliceUnit.class).getModifiedCount();
        log.info("Police units: {} in force, {} retired", units.size(), retired);
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
        return version;
    }

    GazetteerIndex index() {
        return index;
    }

    PlaceSearch search(String query) {
        return index.search(query);
    }

    PlaceSearch search(String query, Integer province) {
        return index.search(query, province);
    }

    Optional<GazetteerIndex.CommuneInfo> commune(int code) {
        return index.commune(code);
    }

    Optional<GazetteerIndex.ProvinceInfo> province(int code) {
        return index.province(code);
    }
}
