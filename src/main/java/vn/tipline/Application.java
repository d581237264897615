package vn.tipline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import vn.tipline.store.StoreOnly;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Application {

    public static void main(String[] args) throws InterruptedException {
        if (StoreOnly.requested(args)) {
            StoreOnly.run(args);
            return;
        }
        SpringApplication.run(Application.class, args);
    }
}
