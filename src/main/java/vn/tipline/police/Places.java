package vn.tipline.police;

import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The gazetteer as other features see it: whether a province or commune code exists, and which
 * area a police unit (picked by a citizen in a flow that reuses the police actions) covers.
 */
@Component
public class Places {

    private final Gazetteer gazetteer;
    private final PoliceUnits units;

    Places(Gazetteer gazetteer, PoliceUnits units) {
        this.gazetteer = gazetteer;
        this.units = units;
    }

    /** A province, and a commune within it or null for the whole province. */
    public record Area(int province, Integer commune) {
    }

    public boolean provinceExists(int code) {
        return gazetteer.province(code).isPresent();
    }

    public boolean communeExists(int code) {
        return gazetteer.commune(code).isPresent();
    }

    /** A province's name; empty for a code that names none. */
    public Optional<String> provinceName(int code) {
        return gazetteer.province(code).map(GazetteerIndex.ProvinceInfo::name);
    }

    /** "Phường Sài Gòn, Thành phố Hồ Chí Minh"; empty for a code that names no commune. */
    public Optional<String> communeName(int code) {
        return gazetteer.commune(code).map(c -> c.name() + gazetteer.province(c.provinceCode())
                .map(p -> ", " + p.name()).orElse(""));
    }

    /** The province a commune belongs to. */
    public Optional<Integer> provinceOfCommune(int code) {
        return gazetteer.commune(code).map(GazetteerIndex.CommuneInfo::provinceCode);
    }

    /** The area a police unit covers (a commune unit: its commune; a provincial one: its province). */
    public Optional<Area> areaOfUnit(String unitCode) {
        return units.find(unitCode).map(u -> new Area(u.provinceCode(), u.communeCode()));
    }
}
