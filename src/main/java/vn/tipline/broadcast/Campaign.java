package vn.tipline.broadcast;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * An awareness campaign. State moves DRAFT -> APPROVED -> SCHEDULED -> SENDING -> DONE, or to
 * CANCELLED from any state before DONE; SCHEDULED and SENDING can be PAUSED and resumed.
 * Progress: {@code audience} subscribers reached so far, each ending as sent, failed or blocked;
 * {@code queued} are in the outbox with no outcome yet. At DONE, sent + failed + blocked = audience;
 * {@code optedOut} counts those who left between the start and their turn.
 */
@Document(Campaign.COLLECTION)
public record Campaign(@Id String id, String title, String textVi, String textEn, Audience audience, State state,
                       State pausedFrom, Instant sendAt, String author, String approvedBy, Instant createdAt,
                       Instant updatedAt, Instant startedAt, Instant finishedAt, boolean bucketsReady,
                       Progress progress) {

    static final String COLLECTION = "broadcast_campaigns";

    public enum State { DRAFT, APPROVED, SCHEDULED, SENDING, PAUSED, DONE, CANCELLED }

    /**
     * @param optedOut subscribers of the audience who unsubscribed after the campaign started and before
     *                 their message was handed over: not sent to, not part of {@code audience}
     */
    public record Progress(long audience, long queued, long sent, long failed, long blocked, long optedOut) {
        static final Progress NONE = new Progress(0, 0, 0, 0, 0, 0);
    }
}
