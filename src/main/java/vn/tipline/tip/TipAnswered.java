package vn.tipline.tip;

/** Published once a reporter's answer to a follow-up question is stored. Only the code: listeners read what they may. */
public record TipAnswered(String code) {
}
