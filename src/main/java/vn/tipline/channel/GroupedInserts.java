package vn.tipline.channel;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.springframework.dao.support.PersistenceExceptionTranslator;

import java.util.ArrayList;
import java.util.List;

/**
 * Inserts into one collection from many threads, grouped ({@link GroupedWrites}): what waited goes in one
 * unordered {@code insertMany}; a duplicate key fails only its caller, as Spring's {@code DuplicateKeyException}.
 */
final class GroupedInserts extends GroupedWrites<Document> {

    private final MongoCollection<Document> collection;
    private final PersistenceExceptionTranslator translator;

    GroupedInserts(MongoCollection<Document> collection, PersistenceExceptionTranslator translator) {
        this.collection = collection;
        this.translator = translator;
    }

    /** Inserts {@code document}, possibly with others' in the same command; returns once it is acknowledged. */
    void insert(Document document) {
        write(document);
    }

    @Override
    protected void send(List<Pending<Document>> batch) {
        if (batch.size() == 1) {
            Pending<Document> only = batch.get(0);
            try {
                collection.insertOne(only.item);
                only.finish(null, 1);
            } catch (RuntimeException e) {
                only.finish(translate(translator, e), 0);
            }
            return;
        }
        List<Document> documents = new ArrayList<>(batch.size());
        batch.forEach(p -> documents.add(p.item));
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
            batch.forEach(p -> p.finish(null, 1));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                RuntimeException failure = translate(translator, e);
                batch.forEach(p -> p.finish(failure, 0));
                return;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                batch.get(error.getIndex()).finish(translate(translator, alone(error, e)), 0);
            }
            batch.forEach(p -> p.finish(null, 1));
        } catch (RuntimeException e) {
            RuntimeException failure = translate(translator, e);
            batch.forEach(p -> p.finish(failure, 0));
        }
    }

    /** One element's error of a bulk write, as the single write would have failed: same code, message and details. */
    static MongoWriteException alone(BulkWriteError error, MongoBulkWriteException bulk) {
        return new MongoWriteException(new WriteError(error.getCode(), error.getMessage(), error.getDetails()),
                bulk.getServerAddress(), bulk.getErrorLabels());
    }

    static RuntimeException translate(PersistenceExceptionTranslator translator, RuntimeException e) {
        RuntimeException translated = translator.translateExceptionIfPossible(e);
        return translated == null ? e : translated;
    }
}
