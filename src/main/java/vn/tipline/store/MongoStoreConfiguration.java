package vn.tipline.store;

import com.mongodb.ConnectionString;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;


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

    @Bean
    GridFsTemplate gridFsTemplate(MongoDatabaseFactory factory, MappingMongoConverter converter) {
        return new GridFsTemplate(factory, converter, "evidence");
    }
}
