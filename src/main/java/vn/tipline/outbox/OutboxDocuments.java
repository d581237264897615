package vn.tipline.outbox;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * The outbox's collections. {@code outbox} and {@code outbox_lanes} are the hot ones and hold only
 * what is still to be sent: the embedded store scans them in full (it uses unique indexes only), so
 * sent messages leave at once; the other indexes serve a real MongoDB.
 */
final class OutboxDocuments {

    static final String ENTRIES = "outbox";
    static final String LANES = "outbox_lanes";
    static final String DONE = "outbox_done";
    static final String COUNTERS = "outbox_counters";
    static final String UNREACHABLE = "outbox_unreachable";

    private OutboxDocuments() {
    }

    /** A message waiting to be sent; the id is the idempotency key. {@code lane} is channel + chat. */
    @Document(ENTRIES)
    @CompoundIndex(name = "lane_seq", def = "{'lane': 1, 'seq': 1}")
    record Entry(@Id String key, String channel, String chatId, String lane, long seq, String kind, String body,
                 int attempts, String lastError, Instant createdAt) {
    }

    /**
     * One chat's queue: claimed by one worker at a time ({@code leaseUntil}, {@code owner}), paced by
     * {@code nextAt} and {@code tat} (the theoretical arrival time of the generic cell rate algorithm,
     * which gives a steady rate with a small burst from one stored instant). {@code version} grows
     * with each enqueue, so an empty lane is deleted only if nothing was queued meanwhile. {@code bulk}
     * lanes (broadcasts only) are claimed after every due reply lane; absent (older data) sorts first.
     * {@code keys}: the keys of its waiting messages in the order queued, so the next one is read by
     * id (absent on lanes recovered after a crash: those find it with a query).
     */
    @Document(LANES)
    @CompoundIndex(name = "bulk_nextAt", def = "{'bulk': 1, 'nextAt': 1}")
    record Lane(@Id String id, String channel, String chatId, @Indexed Instant nextAt, Instant leaseUntil,
                String owner, long version, Instant tat, Boolean bulk, List<String> keys) {
    }

    /** The key of a finished message, without chat or content, kept for {@link OutboxProperties#doneRetention()}. */
    @Document(DONE)
    record Done(@Id String key, String channel, String outcome, String code, @Indexed Instant at) {
    }

    /** A chat that cannot be reached, by pseudonymous reporter key (never the chat id). */
    @Document(UNREACHABLE)
    record Unreachable(@Id String reporterKey, String channel, String code, Instant since) {
    }
}
