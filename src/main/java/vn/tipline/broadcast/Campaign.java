package vn.tipline.broadcast;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * An awareness campaign. State moves DRAFT -> APPROVED -> SCHEDULED -> SENDING -> DONE, or to
 * CANCELLED from any state before DONE; SCHEDULED and SENDING can be PAUSED and resumed.
 * Progress: {@code audience} subscribers reached so far, each ending as sent, failed or blocked;
 * {@code queued} are in the outbox with no outcome yet. At DONE, sent + failed + blocked = audience.
 */
@Document(Campaign.COLLECTION)
public record Campaign(@Id String id, String title, String textVi, String textEn, Audience audience, State state,
                       State pausedFrom, Instant sendAt, String author, String approvedBy, Instant createdAt,
                       Instant updatedAt, Instant startedAt, Instant finishedAt, boolean bucketsReady,
                       Progress progress) {

    static final String COLLECTION = "broadcast_campaigns";

    public enum State { DRAFT, APPROVED, SCHEDULED, SENDING, PAUSED, DONE, CANCELLED }

    public record Progress(long audience, long queued, long sent, long failed, long blocked) {
        static final Progress NONE = new Progress(0, 0, 0, 0, 0);
    }
}
