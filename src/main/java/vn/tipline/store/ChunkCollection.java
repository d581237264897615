package vn.tipline.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * A GridFS chunk collection (photos, campaign images), kept in the H2 MVStore file rather than in
 * memory: its documents are large and read rarely. Conditional queries by id read one document.
 */
final class ChunkCollection extends H2Collection {

    ChunkCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                    MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collectionName, options, data, meta, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                         int batchSize, Document fieldSelector) {
        Iterable<Object> byId = EmbeddedDatabase.idFirstPositions(query, getIndexes());
        if (byId != null) {
            return matchDocuments(query, byId, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
        }
        return super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
    }
}
