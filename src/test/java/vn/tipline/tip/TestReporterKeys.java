package vn.tipline.tip;

import vn.tipline.store.StoreProperties;

/** Reporter keys outside a Spring context, for tests of other features that key by reporter. */
public final class TestReporterKeys {

    public static final String SECRET = "dGVzdC1yZXBvcnRlci1rZXlzLXNlY3JldC0zMi1ieXRlcyEhIQ==";

    private TestReporterKeys() {
    }

    public static ReporterKeys create() {
        return new ReporterKeys(SECRET, new StoreProperties(null, null, null, null, false, false, null, null, 0, null));
    }
}
