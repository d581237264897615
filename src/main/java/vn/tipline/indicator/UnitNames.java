package vn.tipline.indicator;

/** A police unit's name for officers' pages; implemented by the police feature (without it, the code is shown). */
public interface UnitNames {

    String name(String unitCode);
}
