package vn.tipline.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives.
 *
 * @param mongodbUri a real MongoDB to use; blank starts the embedded store
 * @param dataDir    directory of the embedded store's file and the service's local secrets
 * @param database   database name used when the URI names none
 */
@ConfigurationProperties(prefix = "tipline.store")
public record StoreProperties(String mongodbUri, String dataDir, String database) {

    public StoreProperties {
        if (dataDir == null || dataDir.isBlank()) {
            dataDir = "./data";
        }
        if (database == null || database.isBlank()) {
            database = "tipline";
        }
    }

    public boolean embedded() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
