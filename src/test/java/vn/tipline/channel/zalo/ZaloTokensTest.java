package vn.tipline.channel.zalo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rotating, single-use refresh tokens against the fake OAuth server, stored through the real driver. */
class ZaloTokensTest {

    @TempDir
    Path dir;

    EmbeddedMongoServer store;
    MongoClient client;
    MongoTemplate mongo;
    FakeZalo zalo;

    @BeforeEach
    void start() {
        store = EmbeddedMongoServer.start(dir);
        client = MongoClients.create(store.connectionString("t"));
        mongo = new MongoTemplate(client, "t");
        zalo = new FakeZalo();
    }

    @AfterEach
    void stop() {
        zalo.close();
        client.close();
        store.close();
    }

    private ZaloTokens tokens(String refreshToken) {
        return tokens(mongo, refreshToken);
    }

    private ZaloTokens tokens(MongoTemplate mongo, String refreshToken) {
        ZaloProperties properties = new ZaloProperties(FakeZalo.APP_ID, FakeZalo.APP_SECRET, "oa-secret", refreshToken,
                zalo.url(), zalo.url(), null, null, null, null);
        return new ZaloTokens(mongo, properties, new ZaloOAuthClient(new OkHttpClient(), new ObjectMapper(), properties),
                Clock.systemUTC());
    }

    @Test
    void firstUseRefreshesAndStoresTheRotatedPair() throws Exception {
        ZaloTokens tokens = tokens("refresh-0");
        String access = tokens.accessToken();
        assertThat(access).isEqualTo(zalo.validAccessToken);
        assertThat(tokens.accessToken()).isEqualTo(access);
        assertThat(zalo.refreshCalls.get()).isEqualTo(1);
        ZaloTokens.TokenState stored = mongo.findById("oa", ZaloTokens.TokenState.class);
        assertThat(stored.refreshToken()).isEqualTo(zalo.validRefreshToken).isNotEqualTo("refresh-0");
        assertThat(tokens.problem()).isNull();
    }

    @Test
    void anotherInstanceUsesTheStoredPairNotTheSpentInitialToken() throws Exception {
        tokens("refresh-0").accessToken();
        // A second instance (or a restart) with the same, now spent, initial token in its environment.
        ZaloTokens second = tokens("refresh-0");
        second.invalidate(mongo.findById("oa", ZaloTokens.TokenState.class).accessToken());
        assertThat(second.accessToken()).isEqualTo(zalo.validAccessToken);
        assertThat(zalo.refreshCalls.get()).isEqualTo(2);
    }

    @Test
    void concurrentInstancesRefreshOnce() throws Exception {
        List<ZaloTokens> instances = List.of(tokens("refresh-0"), tokens("refresh-0"), tokens("refresh-0"), tokens("refresh-0"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (ZaloTokens t : instances) {
                results.add(pool.submit((Callable<String>) t::accessToken));
            }
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(zalo.validAccessToken);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(zalo.refreshCalls.get()).isEqualTo(1);
    }

    /**
     * Two instances, each with its own driver, starting at once with no stored token: both find none and
     * both seed it from their configuration (each waits after its read until the other has read too). They
     * do it quietly: no write refused for a duplicate key (the store-only server logs each as an ERROR),
     * no WARN or ERROR here; and one refreshes.
     */
    @Test
    void twoInstancesSeedingTogetherStoreOneTokenWithoutAnErrorAndRefreshOnce() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        CyclicBarrier bothRead = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> refused = new CopyOnWriteArrayList<>();
        CommandListener writeErrors = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getResponse().containsKey("writeErrors")) {
                    refused.add(event.getResponse().toJson());
                }
            }

            @Override
            public void commandFailed(CommandFailedEvent event) {
                refused.add(event.getThrowable().toString());
            }
        };
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.connectionString("t"))).addCommandListener(writeErrors).build();
        try (MongoClient one = MongoClients.create(settings); MongoClient other = MongoClients.create(settings)) {
            List<Future<String>> results = new ArrayList<>();
            for (MongoClient driver : List.of(one, other)) {
                MongoTemplate racing = new MongoTemplate(driver, "t") {
                    @Override
                    public <T> T findById(Object id, Class<T> type) {
                        T found = super.findById(id, type);
                        if (found == null && !bothRead.isBroken()) {
                            try {
                                bothRead.await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                bothRead.reset();
                            }
                        }
                        return found;
                    }
                };
                ZaloTokens instance = tokens(racing, "refresh-0");
                results.add(pool.submit(instance::accessToken));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(zalo.validAccessToken);
            }
        } finally {
            pool.shutdownNow();
            root.detachAppender(events);
        }
        assertThat(refused).as("writes refused").isEmpty();
        assertThat(zalo.refreshCalls.get()).isEqualTo(1);
        assertThat(mongo.getCollection(ZaloTokens.COLLECTION).countDocuments()).isEqualTo(1);
        assertThat(events.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void aRevokedRefreshTokenIsReportedForHealthAndBacksOff() throws Exception {
        ZaloTokens tokens = tokens("revoked-token");
        assertThatThrownBy(tokens::accessToken).isInstanceOf(ZaloTokens.Unavailable.class)
                .hasMessageContaining("Invalid refresh token");
        assertThat(tokens.problem()).contains("-14014");
        assertThatThrownBy(tokens::accessToken).hasMessageContaining("failed recently");
        assertThat(zalo.refreshCalls.get()).isEqualTo(1);
        // The administrator configures a new token: it replaces the stored one at once.
        ZaloTokens fixed = tokens("refresh-0");
        assertThat(fixed.accessToken()).isEqualTo(zalo.validAccessToken);
    }

    @Test
    void noTokenConfiguredIsAClearProblem() {
        ZaloTokens tokens = tokens("");
        assertThat(tokens.problem()).contains("ZALO_REFRESH_TOKEN");
        assertThatThrownBy(tokens::accessToken).hasMessageContaining("ZALO_REFRESH_TOKEN");
    }
}
