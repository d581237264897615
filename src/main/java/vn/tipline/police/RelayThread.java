package vn.tipline.police;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * A conversation between a citizen and a police unit, relayed by the bot. The citizen is known
 * only by the same pseudonymous reporter key as their tips (never a chat id); officers see the
 * thread's code and, if the citizen chose to give it, a contact.
 */
@Document(RelayThread.COLLECTION)
record RelayThread(@Id String id, @Indexed(unique = true) String code, String unit, String unitName, String reporterKey,
                   String language, boolean anonymous, String contact, Status status, List<Message> messages,
                   Instant createdAt, Instant updatedAt, Instant closedAt, String closedBy) {

    static final String COLLECTION = "relay_threads";

    enum Status { OPEN, CLOSED }

    enum From { CITIZEN, UNIT }

    /**
     * @param by        the officer who answered (UNIT messages only)
     * @param delivered whether an answer was handed to the citizen's channel
     * @param urgent    the citizen's message contained an emergency phrase
     */
    record Message(From from, String text, Instant at, String by, Boolean delivered, Boolean urgent) {
    }

    RelayThread {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
