package vn.tipline.channel;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.channel.web.WebSessions;
import vn.tipline.support.WebChatClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Idle conversations expire in the store (drafts deleted) and the citizen is told politely. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConversationExpiryTest {

    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-25T08:00:00Z");

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
            return now;
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

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @Autowired
    ConversationSweeper sweeper;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    ConversationService conversations;

    @Test
    void idleDraftIsDeletedFromTheStoreAndTheCitizenToldOnReturn() {
        WebChatClient citizen = WebChatClient.open(port);
        String secret = "Ông chủ quán karaoke số 9 chứa chấp ma túy";
        citizen.press("Báo tin").press("Ma túy").say(secret);
        assertThat(mongo.getCollection(ConversationService.COLLECTION).find().into(new java.util.ArrayList<>()))
                .anySatisfy(d -> assertThat(d.toJson()).contains(secret));

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        sweeper.sweep();

        assertThat(mongo.getCollection(ConversationService.COLLECTION).find().into(new java.util.ArrayList<Document>()))
                .allSatisfy(d -> assertThat(d.toJson()).doesNotContain(secret));
        citizen.say("Quán karaoke số 9");
        assertThat(citizen.lastText()).contains("đã hết hạn", "Bạn muốn làm gì?");
    }

    @Test
    void longIdleConversationsAreForgotten() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("/help");
        long before = mongo.getCollection(ConversationService.COLLECTION).countDocuments();
        clock.now = clock.now.plus(Duration.ofDays(31));
        sweeper.sweep();
        assertThat(mongo.getCollection(ConversationService.COLLECTION).countDocuments()).isLessThan(before);
        citizen.say("xin chào");
        assertThat(citizen.lastText()).contains("Bạn muốn làm gì?");
    }

    /**
     * The copy of a conversation kept in memory goes with the stored one: after the sweeper's delete, the
     * citizen starts afresh (in Vietnamese), not from the copy (in English).
     */
    @Test
    void aForgottenConversationIsForgottenInMemoryToo() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("/lang en");
        assertThat(citizen.lastText()).contains("What would you like to do?");
        clock.now = clock.now.plus(Duration.ofDays(31));
        conversations.forgetStored(clock.now.minus(Duration.ofDays(30)));
        mongo.remove(Query.query(Criteria.where("lastActivity").lt(clock.now.minus(Duration.ofDays(30)))),
                ConversationService.COLLECTION);

        citizen.say("/menu");
        assertThat(citizen.lastText()).contains("Bạn muốn làm gì?");
    }

    /**
     * A citizen's address is written with the first conversation and only seen again with a later one (one
     * upsert each time): where to deliver a follow-up, and since when, do not change.
     */
    @Test
    void anAddressIsRecordedWithTheFirstConversationAndSeenAgainWithTheNext() {
        WebChatClient citizen = WebChatClient.open(port);
        citizen.say("/help");
        String key = sessions.reporterKey(citizen.session());
        Instant first = clock.now;
        ReporterAddresses.Address recorded = addresses.find(key).orElseThrow();
        assertThat(recorded.channel()).isEqualTo("web");
        assertThat(recorded.chatId()).isNotBlank();
        assertThat(recorded.createdAt()).isEqualTo(first);
        assertThat(recorded.lastSeen()).isEqualTo(first);

        clock.now = clock.now.plus(Duration.ofDays(31));
        sweeper.sweep();
        citizen.say("/help");

        ReporterAddresses.Address seen = addresses.find(key).orElseThrow();
        assertThat(seen.chatId()).isEqualTo(recorded.chatId());
        assertThat(seen.createdAt()).isEqualTo(first);
        assertThat(seen.lastSeen()).isEqualTo(clock.now);
    }

    @Autowired
    ReporterAddresses addresses;

    @Autowired
    WebSessions sessions;
}
