package vn.tipline.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

import java.util.concurrent.TimeUnit;

/**
 * Another local process trying the embedded store's port with the real driver, as an attacker on the
 * same machine would: run by {@link StoreAccessTest} in its own JVM. Prints what it got.
 */
public final class ForeignStoreClient {

    private ForeignStoreClient() {
    }

    public static void main(String[] args) {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(args[0]))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            long tips = client.getDatabase("t").getCollection("tips").countDocuments();
            client.getDatabase("t").getCollection("tips").insertOne(new Document("text", "planted by another process"));
            System.out.println("READ " + tips + " AND INSERTED");
        } catch (RuntimeException e) {
            System.out.println("REFUSED " + e.getClass().getSimpleName());
        }
    }
}
