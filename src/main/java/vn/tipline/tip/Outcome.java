package vn.tipline.tip;

/** What a valuable tip led to: the figures reported each year. */
public enum Outcome {
    CASE_OPENED, ARREST, SEIZURE, PREVENTED, ADMINISTRATIVE_FINE, OTHER
}
