package vn.tipline.channel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import vn.tipline.abuse.InboundGuard;
import vn.tipline.conversation.ConversationProperties;
import vn.tipline.conversation.ConversationState;
import vn.tipline.conversation.FlowEngine;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Languages;
import vn.tipline.conversation.Outbound;
import vn.tipline.store.StoreLocation;
import vn.tipline.tip.ReporterKeys;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one door every channel uses: finds the citizen's conversation by pseudonymous key, runs
 * the engine, stores the new state, and returns the replies for the channel to deliver.
 * Messages of one citizen are handled one at a time, in order; different citizens in parallel.
 */
@Service
public class ConversationService {

    static final String COLLECTION = "conversations";
    /** The messages answered last, with their replies: {@code [{key, replies}]}, newest last. */
    static final String ANSWERED = "answered";
    /**
     * How many answered messages are remembered: a message handled again after a crash is recognised
     * even when the chat's next messages were handled before it (by another instance meanwhile).
     */
    static final int ANSWERED_KEPT = 4;
    /** Where earlier versions kept the one last answered message. */
    private static final String LAST_MESSAGE = "lastMessageKey";
    private static final String LAST_REPLIES = "lastReplies";

    private final FlowEngine engine;
    private final MongoTemplate mongo;
    private final ReporterKeys keys;
    private final ConversationProperties properties;
    private final ReporterAddresses addresses;
    private final InboundGuard guard;
    private final ConversationMetrics metrics;
    private final ReentrantLock[] locks = new ReentrantLock[256];
    /**
     * On the embedded store, which one process holds, the conversations used last, as last written: a
     * message then reads none from the store (one command fewer per message). Every write to a
     * conversation goes through this class, or through {@link #changeStored} and {@link #forgetStored};
     * so the copy is exact. Null with a shared MongoDB, where another instance may have written since.
     * Kept as the BSON sent to the store (one array each, about a fifth of the decoded tree): a copy
     * outlives the young generation between two messages of a chat, so under load every one is promoted
     * and left for a full collection of the old one; each read decodes a fresh copy.
     */
    private final Map<String, RawBsonDocument> recent;
    private final StoredConversation documents;
    static final int RECENT_KEPT = 2_000;

    ConversationService(FlowEngine engine, MongoTemplate mongo, ReporterKeys keys, ConversationProperties properties,
                        ReporterAddresses addresses, InboundGuard guard, ConversationMetrics metrics,
                        ObjectProvider<StoreLocation> store) {
        this.recent = StoreLocation.isSoleInstance(store) ? Collections.synchronizedMap(
                new LinkedHashMap<>(256, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, RawBsonDocument> eldest) {
                        return size() > RECENT_KEPT;
                    }
                }) : null;
        this.addresses = addresses;
        this.guard = guard;
        this.metrics = metrics;
        this.engine = engine;
        this.mongo = mongo;
        this.documents = new StoredConversation(mongo.getCollection(COLLECTION).getCodecRegistry().get(Document.class));
        this.keys = keys;
        this.properties = properties;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** A message from a citizen, identified by channel and the channel's own chat id (never stored). */
    public List<Outbound> handle(String channel, String chatId, Inbound inbound) {
        return handle(channel, chatId, inbound, null);
    }

    /**
     * As {@link #handle(String, String, Inbound)}, for a message the platform may deliver again
     * ({@code messageKey}: its update or event id): handled again right after, it is not run through the
     * flow a second time; the replies of the first time are returned.
     */
    public List<Outbound> handle(String channel, String chatId, Inbound inbound, String messageKey) {
        return withConversation(channel, chatId, messageKey, false, inbound, guarded(channel, inbound));
    }

    /**
     * As {@link #handle(String, String, Inbound)}, for a channel that showed {@link #greeting} without
     * storing anything: a conversation not stored yet is greeted first, silently, so the first message
     * answers the menu the citizen saw.
     */
    public List<Outbound> handleAfterGreeting(String channel, String chatId, Inbound inbound) {
        return withConversation(channel, chatId, null, true, inbound, guarded(channel, inbound));
    }

    /**
     * What a channel that keeps no history of its own (the web chat page) shows again after a reload:
     * the last messages of the conversation as both sides saw them, kept by {@link #handleAfterGreeting}
     * in the conversation's own document (so they go when it does); empty when nothing was said yet.
     */
    public Optional<Transcript> transcript(String channel, String chatId) {
        RawBsonDocument stored = load(keys.keyFor(channel, chatId));
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(new Transcript(StoredConversation.string(stored, StoredConversation.LANGUAGE),
                Transcript.decode(documents.list(stored, Transcript.FIELD))));
    }

    /**
     * Adds messages delivered outside a reply (an officer's follow-up the web page fetched from its
     * inbox) to the transcript, so that a reload shows them too: one write, only when some came.
     */
    public void addToTranscript(String channel, String chatId, List<Outbound> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        String key = keys.keyFor(channel, chatId);
        locked(key, () -> {
            RawBsonDocument stored = load(key);
            if (stored != null) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(key)), new Update().set(Transcript.FIELD,
                        Transcript.extend(documents.list(stored, Transcript.FIELD), List.of(), null, delivered)),
                        COLLECTION);
                forget(key);
            }
            return null;
        });
    }

    /** Whether a reply is the engine's emergency notice (call 113/114/115), which a page may show as an alert. */
    public boolean isEmergencyNotice(Outbound reply) {
        return reply.text() != null && Languages.ALL.stream()
                .anyMatch(language -> reply.text().startsWith(engine.catalog().texts().get("emergency", language)));
    }

    private Function<ConversationState, List<Outbound>> guarded(String channel, Inbound inbound) {
        return state -> {
            InboundGuard.Verdict verdict = guard.check(state.getId());
            metrics.message(channel, verdict);
            switch (verdict) {
                case BLOCKED:
                    return List.of(new Outbound.Text(engine.catalog().texts().get("reporter_blocked", state.getLanguage())));
                case SLOW_DOWN:
                    return List.of(new Outbound.Text(engine.catalog().texts().get("rate_limited", state.getLanguage())));
                case DROP:
                    return List.of();
                default:
                    return metrics.timeStep(() -> engine.handle(state, inbound));
            }
        };
    }

    /** A new conversation opened by the channel (a Zalo follow, {@code messageKey} its event): the main menu, stored. */
    public List<Outbound> open(String channel, String chatId, String messageKey) {
        return withConversation(channel, chatId, messageKey, false, null, engine::greet);
    }

    /**
     * The main menu for a chat that has said nothing yet (a web chat page load): nothing is stored
     * and no address remembered, so a session opened and abandoned costs nothing durable; the
     * conversation begins with the first message ({@link #handleAfterGreeting}).
     */
    public List<Outbound> greeting(String channel, String chatId) {
        return engine.greet(new ConversationState(keys.keyFor(channel, chatId), channel, properties.defaultLanguage()));
    }

    /** The stored conversation, from the copy kept here when there is one. */
    private RawBsonDocument load(String key) {
        RawBsonDocument stored = recent == null ? null : recent.get(key);
        if (stored == null) {
            stored = mongo.execute(COLLECTION, c -> c.withDocumentClass(RawBsonDocument.class)
                    .find(Filters.eq("_id", key)).first());
            if (stored != null && recent != null) {
                recent.put(key, stored);
            }
        }
        return stored;
    }

    /** A stored conversation's state, read by the same hand-written codec that writes it here. */
    ConversationState read(RawBsonDocument stored) {
        return documents.read(stored);
    }

    private void forget(String key) {
        if (recent != null) {
            recent.remove(key);
        }
    }

    /**
     * Runs {@code change}, a write to one stored conversation made elsewhere (the sweeper's expiry), while
     * no message of that conversation is handled, and forgets the copy kept here.
     */
    public <T> T changeStored(String key, Supplier<T> change) {
        return locked(key, () -> {
            try {
                return change.get();
            } finally {
                forget(key);
            }
        });
    }

    /** Runs {@code work} while no other thread of this instance works on the conversation {@code key}. */
    private <T> T locked(String key, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), locks.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the copies of conversations idle since before {@code idleBefore}, which the sweeper then deletes. */
    public void forgetStored(Instant idleBefore) {
        if (recent != null) {
            synchronized (recent) {
                recent.values().removeIf(d -> {
                    BsonValue last = d.get("lastActivity");
                    return last == null || !last.isDateTime()
                            || Instant.ofEpochMilli(last.asDateTime().getValue()).isBefore(idleBefore);
                });
            }
        }
    }

    /** The replies given to {@code messageKey}, if it is among the messages this conversation answered last. */
    private Optional<List<Outbound>> answered(RawBsonDocument stored, String messageKey) {
        if (messageKey == null) {
            return Optional.empty();
        }
        for (RawBsonDocument answered : StoredConversation.rawList(stored, ANSWERED)) {
            if (messageKey.equals(StoredConversation.string(answered, "key"))) {
                return Optional.of(StoredReplies.decode(documents.list(answered, "replies")));
            }
        }
        if (messageKey.equals(StoredConversation.string(stored, LAST_MESSAGE))) {
            return Optional.of(StoredReplies.decode(documents.list(stored, LAST_REPLIES)));
        }
        return Optional.empty();
    }

    private List<Outbound> withConversation(String channel, String chatId, String messageKey, boolean greetNew,
                                            Inbound inbound, Function<ConversationState, List<Outbound>> step) {
        String key = keys.keyFor(channel, chatId);
        return locked(key, () -> {
            RawBsonDocument stored = load(key);
            ConversationState state;
            List<Outbound> greeting = List.of();
            if (stored == null) {
                state = new ConversationState(key, channel, properties.defaultLanguage());
                if (greetNew) {
                    greeting = engine.greet(state);
                }
                addresses.remember(key, channel, chatId);
            } else {
                Optional<List<Outbound>> answered = answered(stored, messageKey);
                if (answered.isPresent()) {
                    return answered.get();
                }
                state = documents.read(stored);
            }
            List<Outbound> replies;
            try {
                replies = step.apply(state);
            } catch (RuntimeException e) {
                // The step may have changed what the kept copy shares with the state: read it again next time.
                forget(key);
                throw e;
            }
            // One write: the new state together with what answered this message; the answers kept before
            // are copied as the bytes they are.
            List<RawBsonDocument> kept = List.of();
            Document answered = null;
            if (messageKey != null) {
                kept = StoredConversation.rawList(stored, ANSWERED);
                kept = kept.subList(Math.max(0, kept.size() - (ANSWERED_KEPT - 1)), kept.size());
                answered = new Document("key", messageKey).append("replies", StoredReplies.encode(replies));
            }
            // A channel that greets without storing (the web page) keeps no history of its own: this is it.
            List<Document> transcript = greetNew ? Transcript.extend(documents.list(stored, Transcript.FIELD),
                    greeting, inbound, replies) : null;
            // Encoded once, for the store and for the copy kept here; sent through the driver as it is.
            RawBsonDocument encoded = documents.write(state, new StoredConversation.Extras(kept, answered, transcript));
            try {
                mongo.execute(COLLECTION, c -> c.withDocumentClass(RawBsonDocument.class)
                        .replaceOne(Filters.eq("_id", key), encoded, new ReplaceOptions().upsert(true)));
            } finally {
                // Written or not (a failure may still have reached the store): read it again next time.
                forget(key);
            }
            if (recent != null) {
                recent.put(key, encoded);
            }
            return replies;
        });
    }
}
