package vn.tipline.store;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the embedded store's files before the application context is built: damage found then stops
 * the start with the failure report alone ({@link StoreDamagedFailureAnalyzer}), instead of after a
 * warning line of nested bean-creation errors. {@link EmbeddedMongoServer#start} checks again (it is
 * also started outside Spring, and the files could change in between).
 */
class StoreFilesCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        StoreProperties properties = Binder.get(event.getEnvironment()).bind("tipline.store", StoreProperties.class)
                .orElse(null);
        if (properties == null || !properties.embedded() || properties.salvage()) {
            return;
        }
        Path dataDir = Path.of(properties.dataDir()).toAbsolutePath();
        if (Files.isDirectory(dataDir)) {
            DocumentLog.check(dataDir);
        }
    }
}
