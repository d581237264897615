package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.tipline.store.EmbeddedMongoServer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
