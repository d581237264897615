package vn.tipline.police;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Police unit codes: {@code CAX-26740} for the commune police of commune 26740 (Công an xã/
 * phường/đặc khu), {@code CAT-79} for the provincial police of province 79 (Công an tỉnh/thành
 * phố). The numbers are the statistics office's codes, zero-padded as the office writes them.
 */
public final class PoliceCodes {

    /**
     * What an officer names to send a tip back to the national queue: a tip there has no unit
     * (and no province), and every supervisor sees it, to route it.
     */
    public static final String NATIONAL_QUEUE = "NATIONAL";

    private static final Pattern COMMUNE = Pattern.compile("CAX-(\\d{5})");
    private static final Pattern PROVINCE = Pattern.compile("CAT-(\\d{2})");

    private PoliceCodes() {
    }

    public static String commune(int communeCode) {
        return String.format("CAX-%05d", communeCode);
    }

    public static String province(int provinceCode) {
        return String.format("CAT-%02d", provinceCode);
    }

    /** A province code as tips and officer accounts carry it: two digits, "01" to "96". */
    public static String provinceCode(int provinceCode) {
        return String.format("%02d", provinceCode);
    }

    static Optional<Integer> communeOf(String unit) {
        Matcher m = unit == null ? null : COMMUNE.matcher(unit);
        return m != null && m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    static Optional<Integer> provinceOf(String unit) {
        Matcher m = unit == null ? null : PROVINCE.matcher(unit);
        return m != null && m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The canonical form of what an administrator typed: "cax-26740", "CAX 26740", or a bare commune code "26740". */
    static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        String bare = typed.strip().toUpperCase(java.util.Locale.ROOT).replaceAll("[\\s_]+", "-");
        if (bare.matches("\\d{1,5}")) {
            return commune(Integer.parseInt(bare));
        }
        Matcher c = Pattern.compile("CAX-?(\\d{1,5})").matcher(bare);
        if (c.matches()) {
            return commune(Integer.parseInt(c.group(1)));
        }
        Matcher p = Pattern.compile("CAT-?(\\d{1,2})").matcher(bare);
        if (p.matches()) {
            return province(Integer.parseInt(p.group(1)));
        }
        return bare;
    }
}
