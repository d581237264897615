package vn.tipline.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replacement by the embedded store ({@link LoggedCollection#updateDocuments}) answers as the library's own
 * backend answers the same writes through the real driver: matched and modified counts, upserted ids,
 * duplicate keys and the other refusals, and the document as it is read back (fields, their order and
 * their types); and the log holds the document as written, so a restart reads the same.
 */
class ReplacementTest {

    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    @TempDir
    Path dir;

    @Test
    void replacementsAnswerAsTheLibrarysOwnBackendAndSurviveARestart() {
        List<String> library;
        MVStore memory = new MVStore.Builder().open();
        MongoServer reference = new MongoServer(new H2Backend(memory));
        try (MongoClient client = MongoClients.create(reference.bindAndGetConnectionString())) {
            library = script(client.getDatabase("t").getCollection("conversations"));
        } finally {
            reference.shutdownNow();
            memory.close();
        }

        List<String> ours;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            ours = script(client.getDatabase("t").getCollection("conversations"));
        }
        assertThat(ours).containsExactlyElementsOf(library);
        // The library's answers this test relies on, so that it compares something.
        assertThat(library).contains("same again: matched 1 modified 0", "one field changed: matched 1 modified 1",
                "an int as a long: matched 1 modified 0", "a nested document's fields reordered: matched 1 modified 1");

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir);
             MongoClient client = MongoClients.create(server.connectionString("t"))) {
            assertThat(withoutGeneratedIds(contents(client.getDatabase("t").getCollection("conversations"))))
                    .isEqualTo(ours.get(ours.size() - 1));
        }
    }

    private static List<String> script(MongoCollection<Document> c) {
        List<String> out = new ArrayList<>();
        c.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
        c.insertOne(new Document("_id", "telegram:1").append("a", 1).append("b", "x").append("code", "C1")
                .append("n", new Document("p", 1).append("q", List.of(1, 2))));
        c.insertOne(new Document("_id", "telegram:2").append("a", 2).append("code", "C2"));
        Bson one = Filters.eq("_id", "telegram:1");
        Document base = new Document("a", 1).append("b", "x").append("code", "C1")
                .append("n", new Document("p", 1).append("q", List.of(1, 2)));

        replace(out, c, "same again", one, base);
        replace(out, c, "same with its _id", one, withId("telegram:1", base));
        replace(out, c, "one field changed", one, new Document(base).append("b", "y"));
        replace(out, c, "an int as a long", one, new Document(base).append("a", 1L).append("b", "y"));
        replace(out, c, "a double for the long", one, new Document(base).append("a", 1.0).append("b", "y"));
        replace(out, c, "fields reordered", one, new Document("b", "y").append("a", 1.0).append("code", "C1")
                .append("n", base.get("n")));
        replace(out, c, "a nested document's fields reordered", one, new Document("a", 1.0).append("b", "y")
                .append("code", "C1").append("n", new Document("q", List.of(1, 2)).append("p", 1)));
        replace(out, c, "minus zero for zero", one, new Document("z", 0.0).append("code", "C1"));
        replace(out, c, "minus zero", one, new Document("z", -0.0).append("code", "C1"));
        replace(out, c, "a long a double cannot hold", one, new Document("z", (1L << 53) + 1).append("code", "C1"));
        replace(out, c, "the double next to it", one, new Document("z", (double) (1L << 53)).append("code", "C1"));
        replace(out, c, "fields gone and new ones", one, new Document("new", List.of(new Document("k", "v")))
                .append("code", "C1").append("z", null));
        replace(out, c, "a null field left out", one, new Document("new", List.of(new Document("k", "v")))
                .append("code", "C1"));
        replace(out, c, "another document's code", one, new Document("code", "C2"));
        replace(out, c, "a new code", one, new Document("code", "C3").append("a", 3));
        out.add("the old code is free: " + attempt(() -> {
            c.insertOne(new Document("_id", "telegram:3").append("code", "C1"));
            return "inserted";
        }));
        replace(out, c, "no code at all (sparse)", one, new Document("a", 4));
        replace(out, c, "another _id", one, new Document("_id", "telegram:9").append("a", 5));
        replace(out, c, "an _id of another type", Filters.eq("_id", 7), new Document("a", 1));
        replace(out, c, "by a field with an index", Filters.eq("code", "C2"), new Document("code", "C2").append("a", 6));
        replace(out, c, "by a condition that fails", Filters.and(one, Filters.eq("a", 99)), new Document("a", 7));
        replace(out, c, "by a condition that holds", Filters.and(one, Filters.eq("a", 4)), new Document("a", 8));
        replace(out, c, "nothing matched", Filters.eq("_id", "telegram:4"), new Document("a", 9));
        replaceOrInsert(out, c, "an upsert that inserts", Filters.eq("_id", "telegram:5"), new Document("a", 10));
        replaceOrInsert(out, c, "an upsert that replaces", Filters.eq("_id", "telegram:5"), new Document("a", 11));
        replaceOrInsert(out, c, "an upsert with a generated id", Filters.eq("a", 12), new Document("a", 12));
        out.add("a bulk of replacements: " + attempt(() -> c.bulkWrite(List.of(
                new ReplaceOneModel<>(one, new Document("a", 13)),
                new ReplaceOneModel<>(Filters.eq("_id", "telegram:2"), new Document("a", 13).append("code", "C2")),
                new ReplaceOneModel<>(Filters.eq("_id", "telegram:6"), new Document("a", 14), new ReplaceOptions().upsert(true)),
                new ReplaceOneModel<>(one, new Document("a", 13)))).toString()));
        out.add(withoutGeneratedIds(contents(c)));
        return out;
    }

    private static void replace(List<String> out, MongoCollection<Document> c, String step, Bson filter, Document with) {
        out.add(step + ": " + attempt(() -> counts(c.replaceOne(filter, with))));
        out.add(step + ", then: " + contents(c));
    }

    private static void replaceOrInsert(List<String> out, MongoCollection<Document> c, String step, Bson filter,
                                        Document with) {
        out.add(step + ": " + attempt(() -> counts(c.replaceOne(filter, with, new ReplaceOptions().upsert(true))))
                .replaceAll("BsonObjectId\\{value=[0-9a-f]+}", "generated"));
    }

    private static Document withId(Object id, Document fields) {
        Document document = new Document("_id", id);
        document.putAll(fields);
        return document;
    }

    private static String counts(UpdateResult result) {
        return "matched " + result.getMatchedCount() + " modified " + result.getModifiedCount()
                + (result.getUpsertedId() == null ? "" : " upserted " + result.getUpsertedId());
    }

    private static String attempt(Supplier<String> write) {
        try {
            return write.get();
        } catch (MongoException e) {
            return "refused " + e.getCode() + " " + e.getMessage().replaceAll("on server [0-9.:]+", "");
        } catch (RuntimeException e) {
            return "refused, the driver says " + e;
        }
    }

    private static String withoutGeneratedIds(String contents) {
        return contents.replaceAll("\\{\"\\$oid\": \"[0-9a-f]+\"}", "generated");
    }

    private static String contents(MongoCollection<Document> c) {
        List<String> documents = new ArrayList<>();
        c.find().sort(Sorts.ascending("_id")).forEach(d -> documents.add(d.toJson(EXACT)));
        return String.join("\n", documents);
    }
}
