package vn.tipline.tip;

/**
 * Decides which police unit's queue a new tip goes to, from where it happened. Implemented by the
 * police feature; without one, tips are filed unrouted.
 */
public interface TipRouter {

    /**
     * @param place      what the citizen typed and/or the point they shared
     * @param chosenUnit a unit code the citizen picked in the conversation, or null
     */
    Routing route(Tip.Place place, String chosenUnit);

    /**
     * @param unit     a police unit code ("CAX-26740", "CAT-79"), or null: not routed to any unit,
     *                 the national queue every supervisor sees
     * @param province the unit's province code, two digits ("79"), or null with the unit
     * @param method   how it was decided: CHOSEN, PLACE_TEXT, LOCATION, PROVINCE, NATIONAL
     */
    record Routing(String unit, String province, String method) {
    }
}
