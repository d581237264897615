package vn.tipline.indicator;

/** What an indicator is. Its normalised value is compared only within the same kind of thing. */
public enum IndicatorType {
    /** E.164 ("+84901234567"). */
    PHONE,
    /** Digits only; the bank named nearby is kept beside it, not in the value (one account, many spellings of its bank). */
    BANK_ACCOUNT,
    /** A host: lower case, ASCII (punycode), without "www.". */
    WEBSITE,
    /** "zalo:…", "facebook:…", "telegram:…". */
    SOCIAL,
    /** A wallet number, as E.164 when it is a phone number; the wallet is kept beside it. */
    EWALLET,
    /** Letters and digits only ("51F12345"). */
    PLATE
}
