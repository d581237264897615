package vn.tipline.store;

import com.mongodb.ConnectionString;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;

import java.util.concurrent.TimeUnit;


/**
 * Chooses the store: the MongoDB named by {@code MONGODB_URI}, or else the embedded server in
 * {@code TIPLINE_DATA_DIR}. Everything downstream is plain Spring Data over the real driver.
 */
@Configuration(proxyBeanMethods = false)
class MongoStoreConfiguration {

    @Bean(destroyMethod = "close")
    StoreLocation storeLocation(StoreProperties properties) {
        return StoreLocation.open(properties);
    }

    @Bean
    MongoConnectionDetails mongoConnectionDetails(StoreLocation location) {
        ConnectionString connection = location.connectionString();
        return () -> connection;
    }

    /**
     * A store that cannot be reached fails a request after a few seconds instead of the driver's 30:
     * a webhook then answers 503 in time for the platform to deliver it again, and a citizen on the
     * web chat is told at once.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer storeTimeouts(StoreLocation location, StoreProperties properties) {
        return settings -> {
            if (location.connectionString().getServerSelectionTimeout() == null) {
                settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                        properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
            }
        };
    }

    @Bean
    GridFsTemplate gridFsTemplate(MongoDatabaseFactory factory, MappingMongoConverter converter) {
        return new GridFsTemplate(factory, converter, "evidence");
    }
}
