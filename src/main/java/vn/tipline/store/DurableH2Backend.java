package vn.tipline.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.Set;

/**
 * The H2 backend of mongo-java-server with the gaps that matter to us closed:
 * <ul>
 *   <li>it answers {@code hello} (driver 5 health checks and ServerApi clients send it) the way
 *       it answers {@code isMaster};</li>
 *   <li>it commits the MVStore before acknowledging any write, so an acknowledged write survives
 *       {@code kill -9} (the default one-second auto-commit loses about a second of writes); concurrent
 *       writers share one commit ({@link #commitCovering});</li>
 *   <li>a query that pins {@code _id} to one value and adds conditions reads that one document
 *       instead of scanning the collection ({@link IdFirstDatabase}).</li>
 * </ul>
 */
class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "create", "renamecollection");

    private final Object commitLock = new Object();
    /** Writes applied so far; each takes its number after it was applied, before it is acknowledged. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    /** All writes up to this number are committed (guarded by commitLock). */
    private long committed;

    DurableH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IdFirstDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase(java.util.Locale.ROOT);
        if (name.equals("hello")) {
            Document reply = super.handleCommand(channel, databaseName, "isMaster", query);
            reply.put("isWritablePrimary", Boolean.TRUE);
            return reply;
        }
        Document reply = super.handleCommand(channel, databaseName, command, query);
        if (WRITE_COMMANDS.contains(name)) {
            commitCovering(writes.incrementAndGet());
        }
        return reply;
    }

    /**
     * Group commit: returns once a commit that began after write number {@code ticket} was applied has
     * finished. Writers that arrive while a commit runs wait for it, and then one commit covers all of
     * them instead of one chunk per write (each MVStore commit writes a chunk: the changed pages of every
     * map touched, plus the store's own metadata). Every write is still on disk before it is acknowledged.
     */
    private void commitCovering(long ticket) {
        synchronized (commitLock) {
            if (committed >= ticket) {
                return; // a commit that started after this write was applied has finished
            }
            long upTo = writes.get(); // every write numbered so far was applied before it got its number
            commit();
            committed = upTo;
        }
    }

    /**
     * The library uses an index only when a query's fields are exactly the index's, so a conditional
     * write by id ({@code {_id: 7, status: "pending", leaseUntil: {$lte: now}}}: journal claims, lease
     * releases) scanned the whole collection. Here such a query reads the one document the {@code _id}
     * index points at and checks the other conditions on it, as MongoDB does: same results, one read.
     * (An inner class: the library calls {@link #openOrCreateCollection} from its constructor, before
     * a field of this class could be set; the enclosing backend is already there.)
     */
    final class IdFirstDatabase extends H2Database {

        IdFirstDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // The maps H2Database itself opens, so the data is the same either way.
            String name = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            return new IdFirstCollection(this, collectionName, options, store.openMap("databases." + name),
                    store.openMap("meta." + name), cursorRegistry);
        }
    }

    static final class IdFirstCollection extends H2Collection {

        private static final String ID = "_id";

        IdFirstCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                          MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, collectionName, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            if (query != null && query.size() > 1 && query.containsKey(ID)) {
                Document byId = new Document(ID, query.get(ID));
                for (Index<Object> index : getIndexes()) {
                    if (index.canHandle(byId)) {
                        return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, numberToReturn,
                                batchSize, fieldSelector);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
        }
    }
}
