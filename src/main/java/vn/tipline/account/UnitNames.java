package vn.tipline.account;

/**
 * The names of the police units and provinces an account is given, for the accounts page. The
 * police directory knows them and implements this, so accounts do not depend on it.
 */
public interface UnitNames {

    /** "Công an phường Sài Gòn, Thành phố Hồ Chí Minh" for a unit code; the code itself when it names no unit. */
    String unit(String code);

    /** A province's name for its two-digit code ("79"); the code itself when it names no province. */
    String province(String code);
}
