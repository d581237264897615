package vn.tipline.police;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import vn.tipline.account.UnitNames;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every police unit's name, read once into memory: a queue page or an export names dozens of
 * units, and a store query per row would cost the embedded store a read each. Names come only
 * from the gazetteer, which writes them before it reports ready; an administrator's edits change
 * contact details, never names, so the names read after the load stay true until the next start.
 * Retired units are included (old tips still name them). While the gazetteer is still loading,
 * codes are shown and nothing is kept, so the names appear once it is ready.
 */
@Component
class UnitDirectory implements UnitNames {

    private final MongoTemplate mongo;
    private final Gazetteer gazetteer;
    private volatile Map<String, String> names;

    UnitDirectory(MongoTemplate mongo, Gazetteer gazetteer) {
        this.mongo = mongo;
        this.gazetteer = gazetteer;
    }

    @Override
    public Optional<String> name(String unitCode) {
        return unitCode == null ? Optional.empty() : Optional.ofNullable(names().get(unitCode));
    }

    @Override
    public String province(String code) {
        return code != null && code.matches("\\d{1,3}")
                ? gazetteer.province(Integer.parseInt(code)).map(GazetteerIndex.ProvinceInfo::name).orElse(code) : code;
    }

    private Map<String, String> names() {
        Map<String, String> known = names;
        if (known != null) {
            return known;
        }
        if (gazetteer.isLoading() || gazetteer.failure().isPresent()) {
            return Map.of();
        }
        Query query = new Query();
        query.fields().include("_id", "kind", "name", "provinceName");
        Map<String, String> read = new HashMap<>();
        for (Document unit : mongo.find(query, Document.class, PoliceUnit.COLLECTION)) {
            read.put(String.valueOf(unit.get("_id")), label(unit.getString("kind"), unit.getString("name"),
                    unit.getString("provinceName")));
        }
        names = Map.copyOf(read);
        return names;
    }

    /** A commune police with its province, as officers tell apart the many "Công an phường An Phú". */
    static String label(String kind, String name, String provinceName) {
        if (!PoliceUnit.Kind.COMMUNE.name().equals(kind) || provinceName == null) {
            return name;
        }
        String province = provinceName.startsWith("Thành phố ") ? "TP " + provinceName.substring("Thành phố ".length())
                : provinceName.startsWith("Tỉnh ") ? provinceName.substring("Tỉnh ".length()) : provinceName;
        return name + " (" + province + ")";
    }
}
