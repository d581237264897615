package vn.tipline.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * A database of the embedded store: GridFS chunk collections live in the MVStore file
 * ({@link ChunkCollection}), every other collection in memory with its changes in the
 * {@link DocumentLog} ({@link LoggedCollection}).
 */
final class EmbeddedDatabase extends AbstractSynchronizedMongoDatabase<Object> {

    static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";

    private final EmbeddedBackend backend;
    private final MVStore files;

    EmbeddedDatabase(String name, CursorRegistry cursors, EmbeddedBackend backend) {
        super(name, cursors);
        this.backend = backend;
        this.files = backend.files();
        initializeNamespacesAndIndexes();
    }

    static boolean inFile(String collectionName) {
        return collectionName.endsWith(".chunks");
    }

    /**
     * The library uses an index only when a query's fields are exactly the index's, so a conditional
     * write by id ({@code {_id: 7, status: "pending", leaseUntil: {$lte: now}}}: journal claims, lease
     * releases) would scan the whole collection. For such a query this returns the positions the
     * {@code _id} index points at (the caller checks the other conditions on them, as MongoDB does),
     * or null for any other query.
     */
    static Iterable<Object> idFirstPositions(Document query, List<Index<Object>> indexes) {
        if (query != null && query.size() > 1 && query.containsKey("_id")) {
            Document byId = new Document("_id", query.get("_id"));
            for (Index<Object> index : indexes) {
                if (index.canHandle(byId)) {
                    return index.getPositions(byId);
                }
            }
        }
        return null;
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        if (inFile(collectionName)) {
            return new ChunkCollection(this, collectionName, options, files.openMap(DATA_PREFIX + namespace),
                    files.openMap(META_PREFIX + namespace), cursorRegistry);
        }
        LoggedCollection collection = new LoggedCollection(this, collectionName, options, cursorRegistry,
                backend.log().image().collection(namespace), backend.log());
        backend.opened(collection);
        return collection;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        if (inFile(collectionName)) {
            MVMap<de.bwaldvogel.mongo.backend.KeyValue, Object> map = files.openMap(indexMap(collectionName, indexName));
            return new MapUniqueIndex(map, indexName, keys, sparse);
        }
        return new MapUniqueIndex(new java.util.concurrent.ConcurrentHashMap<>(), indexName, keys, sparse);
    }

    private String indexMap(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        if (inFile(collection.getCollectionName())) {
            files.removeMap(indexMap(collection.getCollectionName(), indexName));
        }
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        MongoCollection<Object> collection = resolveCollection(collectionName, true);
        super.dropCollection(collectionName, oplog);
        String namespace = getFullCollectionNamespace(collectionName);
        if (inFile(collectionName)) {
            files.removeMap(files.openMap(DATA_PREFIX + namespace));
            files.removeMap(files.openMap(META_PREFIX + namespace));
        } else {
            backend.log().image().drop(namespace);
            backend.closed(collection);
        }
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String from = collection.getFullName();
        String to = getFullCollectionNamespace(newCollectionName);
        if (inFile(collection.getCollectionName()) != inFile(newCollectionName)) {
            throw new de.bwaldvogel.mongo.exception.MongoServerException(
                    "Renaming between chunk and other collections is not supported: " + from + " -> " + to);
        }
        super.moveCollection(oldDatabase, collection, newCollectionName);
        if (inFile(newCollectionName)) {
            files.renameMap(files.openMap(DATA_PREFIX + from), DATA_PREFIX + to);
            files.renameMap(files.openMap(META_PREFIX + from), META_PREFIX + to);
        } else {
            backend.log().image().rename(from, to);
        }
    }

    @Override
    protected long getStorageSize() {
        return backend.storageSize();
    }

    @Override
    protected long getFileSize() {
        return backend.storageSize();
    }
}
