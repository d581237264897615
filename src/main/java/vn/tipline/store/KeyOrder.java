package vn.tipline.store;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.util.Comparator;

/**
 * The order of a collection's documents by {@code _id}: the library's {@link ValueComparator} (MongoDB's
 * order across BSON types), with the pairs an {@code _id} almost always is (two strings, two whole numbers,
 * two ObjectIds) compared directly. The library's comparator ranks both values' types by walking a list of
 * classes and boxes both numbers on every call, and a skip list calls it about twenty times per lookup:
 * it was a ninth of the store's CPU under load (bench/README.md). For those pairs the answer is the
 * library's own ({@code KeyOrderTest} compares the two over mixed keys), so the order is the same total
 * order as before and files written before read back the same.
 */
final class KeyOrder implements Comparator<Object> {

    static final KeyOrder ASCENDING = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (isWhole(a) && isWhole(b)) {
            // The library makes an int of either when it fits and compares the two as longs or doubles: exact either way.
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (a instanceof ObjectId x && b instanceof ObjectId y) {
            return x.compareTo(y);
        }
        return ValueComparator.asc().compare(a, b);
    }

    private static boolean isWhole(Object value) {
        return value instanceof Long || value instanceof Integer;
    }
}
