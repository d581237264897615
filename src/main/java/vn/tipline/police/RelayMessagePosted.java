package vn.tipline.police;

import java.time.Instant;

/**
 * Published once a citizen's relay message is stored, for features that read what citizens tell a
 * unit (scam indicators). It names the thread by the code officers see and the unit it is with;
 * never the reporter's key, chat or contact.
 *
 * @param province the unit's province code, so a listener applies the officers' scope rule without asking police
 */
public record RelayMessagePosted(String thread, String unit, String province, String text, Instant at) {
}
