package vn.tipline.indicator;

import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/** For other features' tests: a confirmed indicator in the store, a fresh phone number nobody else's test uses. */
public final class IndicatorsForTests {

    private IndicatorsForTests() {
    }

    /** A valid Vietnamese mobile number, "090 xxx xxxx", new for each call. */
    public static String newPhone() {
        return "090 " + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    /** "+8490xxxxxxx" for a number written by {@link #newPhone}. */
    public static String e164(String phone) {
        return "+84" + phone.replaceAll("\\D", "").substring(1);
    }

    /** A phone indicator confirmed by officers, named by {@code reports} tips; returns its id. */
    public static String confirmedPhone(MongoTemplate mongo, String e164, int reports) {
        Indicator indicator = new Indicator(IndicatorType.PHONE, e164, null);
        String id = IndicatorStore.idOf(indicator);
        List<IndicatorRecord.TipRef> tips = IntStream.range(0, reports)
                .mapToObj(i -> new IndicatorRecord.TipRef(UUID.randomUUID().toString(), Instant.now())).toList();
        mongo.save(new IndicatorRecord(id, IndicatorType.PHONE, e164, Set.of(), tips, IndicatorRecord.Status.CONFIRMED,
                "test", "test", Instant.now(), 0, Instant.now(), Instant.now(), List.of()));
        return id;
    }

    public static long checks(MongoTemplate mongo, String id) {
        return mongo.findById(id, IndicatorRecord.class).checks();
    }
}
