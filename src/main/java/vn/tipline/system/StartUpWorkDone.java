package vn.tipline.system;

/** The start-up's heaviest work (the gazetteer's load, on its own thread after health UP) has finished. */
public record StartUpWorkDone(String work) {
}
