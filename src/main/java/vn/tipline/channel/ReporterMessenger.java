package vn.tipline.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import vn.tipline.conversation.Outbound;

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
public class ReporterMessenger {

    private static final Logger log = LoggerFactory.getLogger(ReporterMessenger.class);

    private final ReporterAddresses addresses;
    private final Map<String, ChannelSender> senders;

    ReporterMessenger(ReporterAddresses addresses, List<ChannelSender> senders) {
        this.addresses = addresses;
        this.senders = senders.stream().collect(Collectors.toMap(ChannelSender::channel, Function.identity()));
    }

    /** Queues the messages for the reporter; false if the reporter's channel is unknown or not running. */
    public boolean send(String reporterKey, List<Outbound> messages) {
        Optional<ReporterAddresses.Address> address = addresses.find(reporterKey);
        if (address.isEmpty()) {
            return false;
        }
        ChannelSender sender = senders.get(address.get().channel());
        if (sender == null) {
            log.warn("No sender for channel {}: a message to a reporter is not delivered", address.get().channel());
            return false;
        }
        sender.send(address.get().chatId(), messages);
        return true;
    }
}
