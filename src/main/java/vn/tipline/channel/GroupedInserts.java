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
 * Inserts into one collection from many threads, grouped: while one insert is on its way to the store,
 * the documents that arrive meanwhile wait, and the next of their callers sends them all in one
 * unordered {@code insertMany} (group commit, as databases do with their logs). Each caller returns only
 * once its own document is acknowledged, or throws what a single insert would have thrown (a duplicate
 * key as Spring's {@code DuplicateKeyException}); one document's failure is its caller's alone. No
 * thread of its own: the callers take turns sending. Under no contention it is one insert, as before.
 */
final class GroupedInserts {

    private final MongoCollection<Document> collection;
    private final PersistenceExceptionTranslator translator;
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean sending;

    GroupedInserts(MongoCollection<Document> collection, PersistenceExceptionTranslator translator) {
        this.collection = collection;
        this.translator = translator;
    }

    /** Inserts {@code document}, possibly with others' in the same command; returns once it is acknowledged. */
    void insert(Document document) {
        Pending mine = new Pending(document);
        boolean send;
        synchronized (lock) {
            queue.add(mine);
            send = !sending;
            sending = true;
        }
        if (!send) {
            mine.awaitTurnOrOutcome();
        }
        if (!mine.done) {
            // Our turn: our document is the oldest waiting, so it goes in what we send now.
            sendWaiting();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** How many documents wait for the insert in flight to end (for tests). */
    int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    private void sendWaiting() {
        List<Pending> batch;
        synchronized (lock) {
            batch = queue;
            queue = new ArrayList<>();
        }
        try {
            send(batch);
        } finally {
            for (Pending pending : batch) {
                pending.finish(pending.failure); // an Error above left some unanswered: they must not wait for ever
            }
            synchronized (lock) {
                if (queue.isEmpty()) {
                    sending = false;
                } else {
                    queue.get(0).takeTurn();
                }
            }
        }
    }

    private void send(List<Pending> batch) {
        if (batch.size() == 1) {
            Pending only = batch.get(0);
            try {
                collection.insertOne(only.document);
                only.finish(null);
            } catch (RuntimeException e) {
                only.finish(translate(e));
            }
            return;
        }
        List<Document> documents = new ArrayList<>(batch.size());
        batch.forEach(p -> documents.add(p.document));
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
            batch.forEach(p -> p.finish(null));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                RuntimeException failure = translate(e);
                batch.forEach(p -> p.finish(failure));
                return;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                // As the single insert would have failed: same code, message and details.
                MongoWriteException alone = new MongoWriteException(
                        new WriteError(error.getCode(), error.getMessage(), error.getDetails()), e.getServerAddress(),
                        e.getErrorLabels());
                batch.get(error.getIndex()).finish(translate(alone));
            }
            batch.forEach(p -> p.finish(null));
        } catch (RuntimeException e) {
            RuntimeException failure = translate(e);
            batch.forEach(p -> p.finish(failure));
        }
    }

    private RuntimeException translate(RuntimeException e) {
        RuntimeException translated = translator.translateExceptionIfPossible(e);
        return translated == null ? e : translated;
    }

    /** One caller's document: its outcome, or its turn to send what waits. */
    private static final class Pending {
        final Document document;
        RuntimeException failure;
        boolean done;
        boolean turn;

        Pending(Document document) {
            this.document = document;
        }

        /** The first outcome stands. */
        synchronized void finish(RuntimeException failure) {
            if (!done) {
                this.failure = failure;
                done = true;
                notifyAll();
            }
        }

        synchronized void takeTurn() {
            turn = true;
            notifyAll();
        }

        /** Not interruptible: the caller may answer only once its document's fate is known. */
        synchronized void awaitTurnOrOutcome() {
            boolean interrupted = false;
            while (!done && !turn) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
