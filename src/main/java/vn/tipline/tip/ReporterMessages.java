package vn.tipline.tip;

import vn.tipline.conversation.Outbound;

import java.util.List;

/**
 * Reaching a reporter by pseudonymous key, for an officer's follow-up question. The channel
 * feature delivers (it knows the reporter's address and channel); the tip desk only asks, so it
 * does not depend on the channels, which depend on tips.
 */
public interface ReporterMessages {

    /** Queues the messages for the reporter; false if the reporter's channel is unknown or not running. */
    boolean send(String reporterKey, List<Outbound> messages);
}
