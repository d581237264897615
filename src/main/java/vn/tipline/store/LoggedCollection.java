package vn.tipline.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionUtils;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.IndexBuildFailedException;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A collection held in memory, in {@code _id} order, whose every change is appended to the
 * {@link DocumentLog} as it happens (under the collection's lock, so the log has each document's
 * changes in the order they were made). Documents are kept as their BSON, a fifth or less of the heap
 * a decoded document takes and a single object for the garbage collector; a read decodes a copy,
 * and a change is written back through {@link #handleUpdate}.
 */
final class LoggedCollection extends AbstractSynchronizedMongoCollection<Object> {

    private final ConcurrentSkipListMap<Object, byte[]> documents;
    private final DocumentLog log;

    LoggedCollection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursors,
                     ConcurrentSkipListMap<Object, byte[]> documents, DocumentLog log) {
        super(database, collectionName, options, cursors);
        this.documents = documents;
        this.log = log;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID().toString();
        if (key instanceof Missing || key == null) {
            throw new IllegalStateException("A document without " + getIdField() + " in " + getFullName());
        }
        byte[] bytes = DocumentLog.encode(document);
        if (documents.putIfAbsent(key, bytes) != null) {
            throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
        }
        log.put(getFullName(), key, bytes);
        return key;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        byte[] bytes = DocumentLog.encode(newDocument);
        documents.put(position, bytes);
        log.put(getFullName(), position, bytes);
    }

    /**
     * A replacement of one document ({@code replaceOne}: the conversation's write on every handled message)
     * without the library's detour for it: a deep copy of the stored document and one of the replacement,
     * then normalised copies of both to tell whether it changed. Here the stored document is a copy decoded
     * for this write alone and the replacement is not used after it, so neither is copied. The answer
     * (matched, modified, duplicate keys) and the document stored (its earlier fields in their earlier
     * order, as the library keeps them) are the library's: {@code ReplacementTest} runs the same writes on
     * the library's own backend. Anything else goes the library's way: operators, several documents, nothing
     * matched (an upsert inserts), an {@code _id} in the replacement that is not the stored one, dotted names.
     */
    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean multi, boolean upsert, Oplog oplog) {
        Document stored = multi || !isPlainReplacement(update) ? null : firstMatch(selector);
        Object id = stored == null ? null : stored.get(getIdField());
        if (id == null || update.containsKey(getIdField()) && !id.equals(update.get(getIdField()))) {
            return super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog);
        }
        Document replacement = new Document(getIdField(), id);
        update.forEach(replacement::put);
        Utils.validateFieldNames(replacement);
        boolean modified = false;
        if (!replacement.equals(stored)) {
            for (Index<Object> index : getIndexes()) {
                index.checkUpdate(stored, replacement, this);
            }
            Object position = singlePosition(stored);
            for (Index<Object> index : getIndexes()) {
                index.updateInPlace(stored, replacement, position, this);
            }
            Document written = new Document();
            for (Map.Entry<String, Object> field : stored.entrySet()) {
                if (replacement.containsKey(field.getKey())) {
                    written.put(field.getKey(), replacement.get(field.getKey()));
                }
            }
            replacement.forEach(written::putIfAbsent);
            handleUpdate(position, stored, written);
            modified = !SameValues.same(stored, written);
        }
        oplog.handleUpdate(getFullName(), selector, update, modified ? List.of(id) : List.of());
        return new Document("n", 1).append("nModified", modified ? 1 : 0);
    }

    private boolean isPlainReplacement(Document update) {
        if (getIdField() == null || getIndexes().isEmpty()) {
            return false;
        }
        for (String field : update.keySet()) {
            if (field.startsWith("$") || field.contains(".")) {
                return false;
            }
        }
        return true;
    }

    private Document firstMatch(Document selector) {
        for (Document document : queryDocuments(selector, null, 0, 0, 0, null)) {
            return document;
        }
        return null;
    }

    /** Where the document is, as the indexes say (the library's own check that they agree). */
    private Object singlePosition(Document document) {
        Set<Object> positions = new HashSet<>();
        for (Index<Object> index : getIndexes()) {
            Object position = index.getPosition(document);
            if (position != null) {
                positions.add(position);
            }
        }
        return CollectionUtils.getSingleElement(positions);
    }

    @Override
    protected void removeDocument(Object position) {
        if (documents.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
        log.delete(getFullName(), position);
    }

    @Override
    public synchronized void drop() {
        super.drop();
        documents.clear();
        log.drop(getFullName());
    }

    @Override
    public synchronized void renameTo(MongoDatabase newDatabase, String newCollectionName) {
        String previous = getFullName();
        super.renameTo(newDatabase, newCollectionName);
        log.rename(previous, getFullName());
    }

    /**
     * Every document, for a snapshot, without the collection's lock: writes (and the webhook answers
     * waiting on them) go on while a large collection is written out. The snapshot plus the log of the
     * generation {@link DocumentLog#compact} started before calling this is still exact, key by key:
     * <ul>
     *   <li>every write changes the map first and appends its record after, under the collection's lock,
     *       so a key's records are in the order of its changes;</li>
     *   <li>a write whose record went into the old log changed the map before the generation switch, and
     *       so before this walk reads that key (the log's lock orders them): the snapshot has that value
     *       or a later one;</li>
     *   <li>a value the walk reads that is newer than the switch has its record in the new log, as has
     *       every later change, a removal or a drop: replaying post-images over the snapshot ends on the
     *       last of them.</li>
     * </ul>
     * The walk itself is the map's weakly consistent iterator: each key's value as it is when reached.
     * This covers document writes. Dropping or renaming collections while a snapshot is written is not
     * covered (nor was it with the lock): the service never does either; an administrator should not
     * while the log is being compacted.
     */
    void dumpTo(DocumentLog.SnapshotWriter writer) {
        String namespace;
        synchronized (this) {
            namespace = getFullName(); // a rename writes it in two steps under this lock
        }
        documents.forEach((key, document) -> writer.put(namespace, key, document));
    }

    @Override
    protected Document getDocument(Object position) {
        byte[] bytes = documents.get(position);
        return bytes == null ? null : DocumentLog.decode(bytes);
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    /**
     * Builds a new index in one pass, each document decoded once. The library's version decodes every
     * document twice per index (a check pass, then an add pass that checks again); at start, when every
     * unique index is rebuilt from the documents, that was two thirds of opening the store. A duplicate
     * stops the build before the index is listed, as there: the partly filled index is dropped with it.
     */
    @Override
    public synchronized void addIndex(Index<Object> index) {
        if (!index.isEmpty() || getIndexes().stream().anyMatch(existing -> existing.getName().equals(index.getName()))) {
            super.addIndex(index); // the library's answer: already there, conflicting options, or not empty
            return;
        }
        try {
            documents.forEach((position, bson) -> index.add(DocumentLog.decode(bson), position, this));
        } catch (MongoServerError e) {
            throw new IndexBuildFailedException(e, this);
        }
        getIndexes().add(index);
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(DocumentLog.decode(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> stream = isNaturalDescending(orderBy)
                ? documents.descendingMap().values().stream().map(DocumentLog::decode)
                : documents.values().stream().map(DocumentLog::decode);
        return matchDocumentsFromStream(stream, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** A query that pins {@code _id} and adds conditions reads that document only: {@link EmbeddedDatabase#idFirstPositions}. */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                         int batchSize, Document fieldSelector) {
        Iterable<Object> byId = EmbeddedDatabase.idFirstPositions(query, getIndexes());
        if (byId != null) {
            return matchDocuments(query, byId, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
        }
        return super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
    }

    // The data size is not tracked: computing it encodes every document twice per update, and nothing reads it.
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
    }

    @Override
    protected int getDataSize() {
        return 0;
    }
}
