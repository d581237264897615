package vn.tipline.channel;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.dao.support.PersistenceExceptionTranslator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Conditional updates of one document each, by id, from many threads, grouped ({@link GroupedWrites}):
 * what waited goes in one unordered bulk write. Each caller learns whether its document matched, as a
 * single {@code updateOne} would tell it, or gets the exception that one would have thrown. A bulk write
 * reports only how many matched in all; when that is some but not all, the documents are read back once,
 * and each update's own token (written with it, in {@link #TOKEN}) tells whose matched. One document
 * twice in one group, both matching, counts for the later write only.
 */
final class GroupedUpdates extends GroupedWrites<GroupedUpdates.Change> {

    static final String TOKEN = "writeToken";

    record Change(Object id, Bson filter, Bson update, long token) {
    }

    private final MongoCollection<Document> collection;
    private final PersistenceExceptionTranslator translator;

    GroupedUpdates(MongoCollection<Document> collection, PersistenceExceptionTranslator translator) {
        this.collection = collection;
        this.translator = translator;
    }

    /**
     * Applies {@code update} to the document {@code id} if it also matches {@code conditions} (field:
     * condition), possibly in one command with others; true if it matched. Returns once the store
     * acknowledged it.
     */
    boolean update(Object id, Document conditions, Bson update) {
        long token = ThreadLocalRandom.current().nextLong();
        // One flat filter, _id first (not Filters.and, which the driver sends as $and): the embedded store
        // finds a document by id only for a query with _id at its top level, and scans the collection otherwise.
        Document filter = new Document("_id", id);
        filter.putAll(conditions);
        return write(new Change(id, filter, Updates.combine(update, Updates.set(TOKEN, token)), token)).count > 0;
    }

    @Override
    protected void send(List<Pending<Change>> batch) {
        if (batch.size() == 1) {
            Pending<Change> only = batch.get(0);
            try {
                only.finish(null, collection.updateOne(only.item.filter(), only.item.update()).getMatchedCount());
            } catch (RuntimeException e) {
                only.finish(GroupedInserts.translate(translator, e), 0);
            }
            return;
        }
        List<WriteModel<Document>> models = new ArrayList<>(batch.size());
        batch.forEach(p -> models.add(new UpdateOneModel<>(p.item.filter(), p.item.update())));
        List<Pending<Change>> applied = new ArrayList<>(batch);
        BulkWriteResult result;
        try {
            result = collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                RuntimeException failure = GroupedInserts.translate(translator, e);
                batch.forEach(p -> p.finish(failure, 0));
                return;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                Pending<Change> failed = batch.get(error.getIndex());
                failed.finish(GroupedInserts.translate(translator, GroupedInserts.alone(error, e)), 0);
                applied.remove(failed);
            }
            result = e.getWriteResult();
        } catch (RuntimeException e) {
            RuntimeException failure = GroupedInserts.translate(translator, e);
            batch.forEach(p -> p.finish(failure, 0));
            return;
        }
        if (result.getMatchedCount() == applied.size() || result.getMatchedCount() == 0) {
            long each = result.getMatchedCount() == 0 ? 0 : 1;
            applied.forEach(p -> p.finish(null, each));
        } else {
            whoseMatched(applied);
        }
    }

    /** Some matched, some not: the tokens in the documents tell which. */
    private void whoseMatched(List<Pending<Change>> applied) {
        try {
            Map<Object, Object> tokens = new HashMap<>();
            collection.find(Filters.in("_id", applied.stream().map(p -> p.item.id()).toList()))
                    .projection(Projections.include(TOKEN)).forEach(d -> tokens.put(d.get("_id"), d.get(TOKEN)));
            applied.forEach(p -> p.finish(null, Objects.equals(tokens.get(p.item.id()), p.item.token()) ? 1 : 0));
        } catch (RuntimeException e) {
            // Written, but whose is unknown: as a single update whose answer was lost.
            RuntimeException failure = GroupedInserts.translate(translator, e);
            applied.forEach(p -> p.finish(failure, 0));
        }
    }
}
