package vn.tipline.tip;

/**
 * Published with {@link TipFiled} once a new tip is stored: the texts its reporter wrote, as
 * {@link TipTexts} gives them, for the features that index them. It saves them reading the tip back
 * at every filing. Alerts listen to {@link TipFiled}, which never carries the text.
 */
public record TipTextsFiled(TipTexts.Written tip) {
}
