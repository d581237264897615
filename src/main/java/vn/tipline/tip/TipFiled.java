package vn.tipline.tip;

/**
 * Published once a new tip is stored: what an alert to officers may say. Never the reporter,
 * never the tip's text.
 *
 * @param unit the police unit it was routed to; null: the national queue
 */
public record TipFiled(String code, Topic topic, String unit, boolean urgent) {
}
