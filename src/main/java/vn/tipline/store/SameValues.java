package vn.tipline.store;

import de.bwaldvogel.mongo.backend.Missing;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a write left a document as it was, as mongo-java-server counts it for {@code nModified}
 * (its package-private {@code Utils.nullAwareEquals}): numbers by value whatever their type (1, 1L and
 * 1.0 are one value; a long that a double cannot hold only equals itself), fields in the same order,
 * arrays element by element, null and missing alike. The library builds a normalised copy of both
 * documents to compare them; this walks them ({@code SameValuesTest} holds it to the library's answer).
 */
final class SameValues {

    private SameValues() {
    }

    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        boolean aAbsent = Missing.isNullOrMissing(a);
        boolean bAbsent = Missing.isNullOrMissing(b);
        if (aAbsent || bAbsent) {
            return aAbsent && bAbsent;
        }
        if (a instanceof Number x) {
            return b instanceof Number y && normalized(x).equals(normalized(y));
        }
        if (a instanceof Map<?, ?> x) {
            return b instanceof Map<?, ?> y && sameFields(x, y);
        }
        if (a instanceof Collection<?> x) {
            return b instanceof Collection<?> y && x.size() == y.size() && sameElements(x.iterator(), y.iterator());
        }
        return a.equals(b);
    }

    private static boolean sameFields(Map<?, ?> a, Map<?, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<? extends Map.Entry<?, ?>> left = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> right = b.entrySet().iterator();
        while (left.hasNext()) {
            Map.Entry<?, ?> x = left.next();
            Map.Entry<?, ?> y = right.next();
            if (!x.getKey().equals(y.getKey()) || !same(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameElements(Iterator<?> left, Iterator<?> right) {
        while (left.hasNext()) {
            if (!same(left.next(), right.next())) {
                return false;
            }
        }
        return true;
    }

    /** The library's normal form of a number: the long itself where a double would round it, else the double (no -0). */
    private static Object normalized(Number number) {
        if (number instanceof Long value && value != (long) value.doubleValue()) {
            return value;
        }
        double value = number.doubleValue();
        return value == -0.0 ? 0.0 : value;
    }
}
