package vn.tipline.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Which chats' lanes may have a document in the store, or are held by an immediate send without one:
 * on the embedded store (the sole instance, {@code exact}), so that a reply to a chat with neither is
 * sent without claiming and deleting a lane (two store commands). Exact only because every command that
 * creates or deletes a lane document in this process runs in {@link #locked} with the lane's record,
 * which it updates in the same section: under the lane's lock, "absent" means no document and no hold.
 * A record may say a document exists when there is none (a delete that failed, or one left to the
 * store path): that only sends the next reply the store's way, which creates and deletes it again.
 * Lanes in the store at start are loaded ({@link #loaded}) before the first reply is decided here.
 * <p>
 * With a shared MongoDB other instances write lanes this one never sees: {@link #locked} then runs
 * its section on a throwaway record and keeps nothing, and every reply claims its lane in the store.
 */
final class KnownLanes {

    /** One lane as this process knows it; read and written only under its own lock. */
    static final class LaneRecord {
        /** A document may exist in the store. */
        boolean stored;
        /** The owner of an immediate send that holds the lane in memory, or null. */
        String holder;
        /** The lease of that hold: a document created while it lasts is created leased to the holder. */
        Instant holdUntil;

        boolean owns(String owner) {
            return owner.equals(holder);
        }

        boolean idle() {
            return !stored && holder == null;
        }
    }

    private final boolean exact;
    private final Map<String, LaneRecord> lanes = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    KnownLanes(boolean exact) {
        this.exact = exact;
    }

    /** Whether a lane with no record here has no document: on the sole instance, once the store's lanes are loaded. */
    boolean exact() {
        return exact && loaded;
    }

    /** The lanes in the store were all recorded (see {@link #stored}): from now on, a lane not recorded has no document. */
    void loaded() {
        loaded = exact;
    }

    /** Records that the lane has (or may have) a document: for one found in the store. */
    void stored(String id) {
        update(id, lane -> lane.stored = true);
    }

    /**
     * Runs {@code section} with the lane's record, under the lane's lock: the one place a lane document
     * is created or deleted together with its record. A record left idle is dropped, so the map holds
     * only lanes with a document or a hold. Short sections: one store command at most, one lane's.
     */
    <T> T locked(String id, Function<LaneRecord, T> section) {
        if (!exact) {
            return section.apply(new LaneRecord());
        }
        while (true) {
            LaneRecord lane = lanes.computeIfAbsent(id, k -> new LaneRecord());
            synchronized (lane) {
                // Dropped by another thread between the look-up and the lock: take the record that replaced it.
                if (lanes.get(id) != lane) {
                    continue;
                }
                try {
                    return section.apply(lane);
                } finally {
                    if (lane.idle()) {
                        lanes.remove(id, lane);
                    }
                }
            }
        }
    }

    /** {@link #locked} for a section that returns nothing. */
    void update(String id, Consumer<LaneRecord> section) {
        locked(id, lane -> {
            section.accept(lane);
            return null;
        });
    }

    /**
     * Drops {@code owner}'s hold if it still has one. Most sends have let go already, and their idle
     * record is gone: then this is one look-up, not a record made and dropped again.
     */
    void dropHold(String id, String owner) {
        if (lanes.containsKey(id)) {
            update(id, lane -> {
                if (lane.owns(owner)) {
                    lane.holder = null;
                }
            });
        }
    }

    /** Lanes recorded (with a document or a hold), for tests. */
    int size() {
        return lanes.size();
    }
}
