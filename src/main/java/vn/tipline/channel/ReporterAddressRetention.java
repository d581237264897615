package vn.tipline.channel;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention policy's part in the address book ({@code reporter_addresses}, the one tie from a
 * pseudonymous key to a chat): addresses of citizens who have gone quiet are deleted. A citizen who
 * writes again starts a new conversation, which records the address again.
 */
@Service
public class ReporterAddressRetention {

    private static final int BATCH = 500;

    private final MongoTemplate mongo;

    ReporterAddressRetention(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Deletes addresses not seen since {@code seenBefore} (no conversation started since) whose
     * reporter has no conversation now (conversations are forgotten after their own idle time) and
     * is not in {@code keep} (reporters other features may still have to reach); returns how many.
     */
    public int forgetInactive(Instant seenBefore, Set<String> keep) {
        Set<String> talking = ids(mongo.find(withIdOnly(new Query()), Document.class, ConversationService.COLLECTION));
        List<String> gone = new ArrayList<>();
        for (String key : ids(mongo.find(withIdOnly(Query.query(new Criteria().orOperator(
                        Criteria.where("lastSeen").lt(seenBefore),
                        Criteria.where("lastSeen").exists(false).and("createdAt").lt(seenBefore)))),
                Document.class, ReporterAddresses.COLLECTION))) {
            if (!talking.contains(key) && !keep.contains(key)) {
                gone.add(key);
            }
        }
        int deleted = 0;
        for (int from = 0; from < gone.size(); from += BATCH) {
            List<String> batch = gone.subList(from, Math.min(gone.size(), from + BATCH));
            deleted += (int) mongo.remove(Query.query(Criteria.where("_id").in(batch)), ReporterAddresses.COLLECTION)
                    .getDeletedCount();
        }
        return deleted;
    }

    private static Query withIdOnly(Query query) {
        query.fields().include("_id");
        return query;
    }

    private static Set<String> ids(List<Document> documents) {
        Set<String> ids = new HashSet<>();
        for (Document d : documents) {
            ids.add(String.valueOf(d.get("_id")));
        }
        return ids;
    }
}
