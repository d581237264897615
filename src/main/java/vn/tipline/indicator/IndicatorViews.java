package vn.tipline.indicator;

import java.util.List;

/** What officers see of indicators: on a tip, on the ranking page and through the API. */
final class IndicatorViews {

    private IndicatorViews() {
    }

    /** A tip the officer may open. */
    record LinkedTip(String id, String code) {
    }

    /**
     * One indicator of a tip, with the other tips naming it: those in the officer's scope to open,
     * the rest only counted, with their units' names.
     *
     * @param threads codes of the relay threads of the officer's scope in which a citizen named it
     */
    record OnTip(String id, IndicatorType type, String value, List<String> qualifiers, IndicatorRecord.Status status,
                 String reason, List<LinkedTip> linked, List<String> threads, int elsewhere, List<String> elsewhereUnits) {
    }

    enum Trend { NEW, UP, SAME, DOWN }

    /**
     * One line of the ranking.
     *
     * @param inScope  tips and relay threads in the officer's scope filed (first named) in the period
     * @param previous the same count in the period before
     * @param elsewhere tips and relay threads outside the scope in the period, with their units
     * @param threads  codes of the relay threads in the officer's scope
     */
    record Ranked(String id, IndicatorType type, String value, List<String> qualifiers, IndicatorRecord.Status status,
                  String reason, int inScope, int previous, Trend trend, int elsewhere, List<String> units,
                  List<LinkedTip> tips, List<String> threads) {
    }

    record Ranking(int days, List<Ranked> indicators) {
    }
}
