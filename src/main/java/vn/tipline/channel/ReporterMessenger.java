package vn.tipline.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import vn.tipline.conversation.Outbound;
import vn.tipline.tip.ReporterMessages;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends messages to a citizen known only by pseudonymous key, on the channel they used, without
 * the caller (an officer's action) ever learning the chat.
 */
@Service
public class ReporterMessenger implements ReporterMessages {

    private static final Logger log = LoggerFactory.getLogger(ReporterMessenger.class);

    private final ReporterAddresses addresses;
    /** Looked up when first needed: senders depend on the flows, whose actions may depend on this. */
    private final ObjectProvider<ChannelSender> senderProvider;
    private volatile Map<String, ChannelSender> senders;

    ReporterMessenger(ReporterAddresses addresses, ObjectProvider<ChannelSender> senders) {
        this.addresses = addresses;
        this.senderProvider = senders;
    }

    private Map<String, ChannelSender> senders() {
        if (senders == null) {
            senders = senderProvider.orderedStream().collect(Collectors.toMap(ChannelSender::channel, Function.identity()));
        }
        return senders;
    }

    /** Queues the messages for the reporter; false if the reporter's channel is unknown or not running. */
    @Override
    public boolean send(String reporterKey, List<Outbound> messages) {
        Optional<ReporterAddresses.Address> address = addresses.find(reporterKey);
        if (address.isEmpty()) {
            return false;
        }
        ChannelSender sender = senders().get(address.get().channel());
        if (sender == null) {
            log.warn("No sender for channel {}: a message to a reporter is not delivered", address.get().channel());
            return false;
        }
        sender.send(address.get().chatId(), messages);
        return true;
    }

    /** The result of {@link #sendOnce}: a {@link ChannelSender.Handoff}, or why nothing could be handed over. */
    public enum OnceResult { DELIVERED, QUEUED, UNREACHABLE, NO_ADDRESS, NO_SENDER }

    /**
     * Queues the messages for the reporter at most once per idempotency {@code key} (broadcasts:
     * campaign + subscriber), without the caller learning the chat.
     */
    public OnceResult sendOnce(String reporterKey, List<Outbound> messages, String key) {
        Optional<ReporterAddresses.Address> address = addresses.find(reporterKey);
        if (address.isEmpty()) {
            return OnceResult.NO_ADDRESS;
        }
        ChannelSender sender = senders().get(address.get().channel());
        ChannelSender.Handoff handoff = sender == null ? null : sender.sendOnce(address.get().chatId(), messages, key);
        if (handoff == null) {
            return OnceResult.NO_SENDER;
        }
        return OnceResult.valueOf(handoff.name());
    }

    /** The channel a reporter wrote on, if known (never the chat). */
    public Optional<String> channelOf(String reporterKey) {
        return addresses.find(reporterKey).map(ReporterAddresses.Address::channel);
    }
}
