package vn.tipline.tip.evidence;

/** What a piece of evidence is to the people who use it: each has its own size limit and its own player. */
public enum Kind {
    PHOTO, AUDIO, VIDEO, DOCUMENT
}
