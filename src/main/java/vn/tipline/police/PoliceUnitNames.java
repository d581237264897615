package vn.tipline.police;

import org.springframework.stereotype.Component;
import vn.tipline.indicator.UnitNames;

/** Unit names for the scam indicators' pages, which say which units a shared number was reported to. */
@Component
class PoliceUnitNames implements UnitNames {

    private final PoliceUnits units;

    PoliceUnitNames(PoliceUnits units) {
        this.units = units;
    }

    @Override
    public String name(String unitCode) {
        return units.find(unitCode).map(PoliceUnit::name).orElse(unitCode);
    }
}
