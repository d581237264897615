package vn.tipline.police;

import org.springframework.stereotype.Component;
import vn.tipline.account.UnitNames;

import java.util.Optional;

/** Names for the codes the officers' pages keep (units, provinces, communes), from the gazetteer and the units. */
@Component
public class PlaceNames implements UnitNames {

    private final Gazetteer gazetteer;
    private final PoliceUnits units;

    PlaceNames(Gazetteer gazetteer, PoliceUnits units) {
        this.gazetteer = gazetteer;
        this.units = units;
    }

    @Override
    public String unit(String code) {
        return units.find(code).map(u -> u.name() + ", " + u.provinceName()).orElse(code);
    }

    @Override
    public String province(String code) {
        return number(code).flatMap(gazetteer::province).map(GazetteerIndex.ProvinceInfo::name).orElse(code);
    }

    /** A province's name; empty for a code that names none. */
    public Optional<String> province(int code) {
        return gazetteer.province(code).map(GazetteerIndex.ProvinceInfo::name);
    }

    /** "Phường Sài Gòn, Thành phố Hồ Chí Minh"; empty for a code that names no commune. */
    public Optional<String> commune(int code) {
        return gazetteer.commune(code).map(c -> c.name() + gazetteer.province(c.provinceCode())
                .map(p -> ", " + p.name()).orElse(""));
    }

    private static Optional<Integer> number(String code) {
        return code != null && code.matches("\\d{1,3}") ? Optional.of(Integer.parseInt(code)) : Optional.empty();
    }
}
