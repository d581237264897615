package vn.tipline.store;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A replacement counts as a change exactly when the library would count it so ({@code Utils.nullAwareEquals}). */
class SameValuesTest {

    @Test
    void everyPairOfValuesIsTheSameExactlyWhenTheLibrarySaysSo() throws Exception {
        Method library = Utils.class.getDeclaredMethod("nullAwareEquals", Object.class, Object.class);
        library.setAccessible(true);
        List<Object> values = values();
        int same = 0;
        for (Object a : values) {
            for (Object b : values) {
                boolean expected = (boolean) library.invoke(null, a, b);
                assertThat(SameValues.same(a, b)).as("%s against %s", a, b).isEqualTo(expected);
                same += expected && a != b ? 1 : 0;
            }
        }
        assertThat(same).as("pairs of distinct objects the library holds equal").isGreaterThan(30);
    }

    private static List<Object> values() {
        List<Object> scalars = Arrays.asList(null, Missing.getInstance(), 0, 1, -1, 0L, 1L, 1L << 53, (1L << 53) + 1,
                Long.MAX_VALUE, 0.0, -0.0, 1.0, 1.5, (double) (1L << 53), Double.NaN, Decimal128.ONE,
                new Decimal128(new BigDecimal("1.5")), "", "1", "a", true, false, Instant.EPOCH,
                new ObjectId("5f0000000000000000000001"), new ObjectId("5f0000000000000000000001"));
        List<Object> values = new ArrayList<>(scalars);
        values.add(new Document("a", 1).append("b", "x"));
        values.add(new Document("a", 1L).append("b", "x"));
        values.add(new Document("b", "x").append("a", 1));
        values.add(new Document("a", 1));
        values.add(new Document("a", 1).append("b", null));
        values.add(new Document("a", 1).append("c", null));
        values.add(new Document("a", new Document("p", 1.0).append("q", List.of(1, 2L))));
        values.add(new Document("a", new Document("p", 1).append("q", List.of(1.0, 2))));
        values.add(new Document("a", new Document("q", List.of(1, 2)).append("p", 1)));
        values.add(new Document());
        values.add(List.of(1, 2));
        values.add(List.of(1L, 2.0));
        values.add(List.of(2, 1));
        values.add(List.of(1));
        values.add(new ArrayList<>(List.of()));
        values.add(new LinkedHashSet<>(List.of(1, 2)));
        values.add(Arrays.asList(1, null));
        values.add(Arrays.asList(1, Missing.getInstance()));
        values.add(List.of(new Document("k", 1)));
        values.add(List.of(new Document("k", 1.0)));
        values.add(new byte[] {1});
        return values;
    }
}
