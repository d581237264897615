package vn.tipline.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * One store seen in the two modes {@link StoreLocation#isSoleInstance} tells apart, for tests that run
 * the same scenario in both: the embedded store this process owns (sole), and the same store named by
 * URI, as a service instance on a shared MongoDB sees it (not sole).
 */
public final class StoreModes {

    private StoreModes() {
    }

    /** The embedded store in {@code dir}, started here: the sole instance. Close it to stop the store. */
    public static StoreLocation sole(Path dir) {
        return StoreLocation.open(new StoreProperties(null, dir.toString(), "tipline", null, false, false, null, null, 0, null));
    }

    /** The store {@code sole} serves, reached by its URI as any of several instances would. */
    public static StoreLocation shared(StoreLocation sole, Path dir) {
        return StoreLocation.open(new StoreProperties(sole.connectionString().getConnectionString(), dir.toString(),
                "tipline", null, false, false, null, null, 0, null));
    }

    public static ObjectProvider<StoreLocation> provider(StoreLocation location) {
        return new StaticListableBeanFactory(Map.of("storeLocation", location)).getBeanProvider(StoreLocation.class);
    }
}
