package vn.tipline.tip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import vn.tipline.support.FakeTelegram;
import vn.tipline.support.OfficerTestBase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The officers' Telegram group hears of time limits once a day, at the configured time (Vietnam),
 * through the officer alerts and the outbox to a fake Bot API, on a clock the test moves: receipt
 * codes and counts of overdue and near-due open tips only, never a tip's text; nothing before the
 * time, nothing twice a day. A new tip's alert names its unit.
 */
@Import(DeadlineDigestTest.Clocks.class)
@TestPropertySource(properties = {
        "tipline.telegram.bot-token=" + FakeTelegram.TOKEN,
        "tipline.telegram.webhook-url=https://tipline.example.test/webhook/telegram",
        "tipline.telegram.group-interval=PT0.01S",
        "tipline.outbox.idle-wait=PT0.2S",
        "tipline.tips.digest-time=08:00",
        "tipline.tips.near-due-days=3"})
class DeadlineDigestTest extends OfficerTestBase {

    static final FakeTelegram telegram = FakeTelegram.start();
    static final String OFFICERS_GROUP = "-1009876543210";

    @DynamicPropertySource
    static void botApi(DynamicPropertyRegistry registry) {
        registry.add("tipline.telegram.api-url", telegram::url);
        registry.add("tipline.telegram.officer-chat-id", () -> OFFICERS_GROUP);
    }

    @AfterAll
    static void stopFake() {
        telegram.close();
    }

    /** Runs at the real pace (the outbox paces sends by it) from a start the test chooses, and jumps when told. */
    static final class TestClock extends Clock {
        // 07:00 in Vietnam, before the digest time.
        private volatile Duration offset = Duration.between(Instant.now(), Instant.parse("2026-03-10T00:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @Autowired
    TestClock clock;
    @Autowired
    DeadlineDigests digests;

    private List<String> groupMessages() {
        return telegram.delivered(OFFICERS_GROUP).stream().map(FakeTelegram.Call::text).toList();
    }

    @Test
    void theDailyDigestListsOverdueAndNearDueCodesOnceAtItsTime() {
        String unit = fx.unit("d");
        Tip overdue = fx.tip(unit, null, "Nội dung bí mật quá hạn");
        Tip near = fx.tip(unit, null, "Nội dung bí mật sắp đến hạn");
        Tip later = fx.tip(unit, null, "Còn lâu mới đến hạn");
        Tip closedLate = fx.tip(unit, null, "Đã đóng dù quá hạn");
        Instant now = clock.instant();
        fx.setDueAt(overdue, now.minus(Duration.ofDays(2)));
        fx.setDueAt(near, now.plus(Duration.ofDays(2)));
        fx.setDueAt(closedLate, now.minus(Duration.ofDays(5)));
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(closedLate.getId())),
                new org.springframework.data.mongodb.core.query.Update().set("status", TipStatus.CLOSED), Tip.class);

        assertThat(digests.sendIfDue()).as("07:00, before the digest time").isEmpty();

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        DeadlineDigest digest = digests.sendIfDue().orElseThrow();
        assertThat(digest.overdue()).containsExactly(overdue.getCode());
        assertThat(digest.nearDue()).containsExactly(near.getCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> groupMessages().stream().anyMatch(t -> t.contains("Quá hạn (1)")));
        String text = groupMessages().stream().filter(t -> t.contains("Quá hạn (1)")).findFirst().orElseThrow();
        assertThat(text).contains("1 tin quá hạn, 1 tin sắp đến hạn", overdue.getCode(), near.getCode(), "Sắp đến hạn (1)")
                .doesNotContain(later.getCode()).doesNotContain(closedLate.getCode()).doesNotContain("bí mật");

        assertThat(digests.sendIfDue()).as("once a day").isEmpty();
        clock.advance(Duration.ofHours(10));
        assertThat(digests.sendIfDue()).as("still the same day in Vietnam").isEmpty();
        clock.advance(Duration.ofHours(14));
        assertThat(digests.sendIfDue()).as("the next day, after 08:00").isPresent();
    }

    @Test
    void aNewTipsAlertNamesItsUnit() {
        // The fixtures' place, "Phường Bến Nghé", was merged into Phường Sài Gòn: routed to CAX-26740 on filing.
        Tip tip = fx.tip(fx.unit("n"), null, "Tin để thử tên đơn vị");
        await().atMost(Duration.ofSeconds(10)).until(() -> groupMessages().stream().anyMatch(t -> t.contains(tip.getCode())));
        String alert = groupMessages().stream().filter(t -> t.contains(tip.getCode())).findFirst().orElseThrow();
        assertThat(alert).contains("Công an phường Sài Gòn (TP Hồ Chí Minh) · CAX-26740");
    }
}
