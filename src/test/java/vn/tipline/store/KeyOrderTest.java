package vn.tipline.store;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The collections' key order gives the library's answer for every pair, so documents stay in the order they had. */
class KeyOrderTest {

    @Test
    void everyPairOfKeysComparesAsTheLibraryComparesIt() {
        List<Object> keys = mixedKeys();
        ValueComparator library = ValueComparator.asc();
        int fastPairs = 0;
        for (Object a : keys) {
            for (Object b : keys) {
                assertThat(Integer.signum(KeyOrder.ASCENDING.compare(a, b)))
                        .as("%s (%s) against %s (%s)", a, a.getClass().getSimpleName(), b, b.getClass().getSimpleName())
                        .isEqualTo(Integer.signum(library.compare(a, b)));
                if (a.getClass() == b.getClass() && (a instanceof String || a instanceof Number || a instanceof ObjectId)) {
                    fastPairs++;
                }
            }
        }
        assertThat(fastPairs).as("pairs on the direct path").isGreaterThan(10_000);
    }

    @Test
    void sortsMixedKeysIntoTheLibrarysOrder() {
        List<Object> ours = new ArrayList<>(mixedKeys());
        java.util.Collections.shuffle(ours, new Random(7));
        List<Object> theirs = new ArrayList<>(ours);
        ours.sort(KeyOrder.ASCENDING);
        theirs.sort(ValueComparator.asc());
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    private static List<Object> mixedKeys() {
        Random random = new Random(18);
        List<Object> keys = new ArrayList<>(List.of("", "a", "A", "ab", "b", "telegram:1", "telegram:10", "telegram:9",
                "Đà Nẵng", "da nang", "\uD83D\uDE00", "\uFFFF", "\u00E9", "z",
                0, 1, -1, 127, 128, -129, Integer.MAX_VALUE, Integer.MIN_VALUE,
                0L, 1L, -1L, 128L, (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE - 1, Long.MAX_VALUE,
                Long.MIN_VALUE, (1L << 53) + 1, 1L << 53, -(1L << 53) - 1,
                1.5, -0.5, 2.0, 0.0, -0.0, 1e300, Double.NaN,
                true, false, Instant.EPOCH, Instant.parse("2026-12-08T00:00:00Z"),
                new Document("a", 1), new Document("a", "x"),
                new UUID(-1L, 1L), new UUID(1L, -1L), new UUID(0L, 0L),
                MinKey.getInstance(), MaxKey.getInstance()));
        for (int i = 0; i < 60; i++) {
            keys.add(randomString(random));
            keys.add(random.nextInt());
            keys.add(random.nextLong());
            keys.add((long) random.nextInt(1000));
            keys.add(random.nextInt(1000));
            byte[] id = new byte[12];
            random.nextBytes(id);
            keys.add(new ObjectId(id));
        }
        return keys;
    }

    private static String randomString(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            // ASCII, Vietnamese letters, and code points above the BMP (surrogate pairs order by UTF-16 units).
            int kind = random.nextInt(3);
            text.appendCodePoint(kind == 0 ? 'a' + random.nextInt(26) : kind == 1 ? 0x1EA0 + random.nextInt(90)
                    : 0x1F600 + random.nextInt(50));
        }
        return text.toString();
    }
}
