package vn.tipline.channel.zalo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The OA's access token. Zalo's refresh token is single-use and rotated: the new pair is stored
 * in MongoDB (one acknowledged single-document write) before the new access token is used, and
 * a lease makes sure only one instance refreshes at a time. A failed refresh is recorded for
 * health and backs off; it never crashes the service.
 */
class ZaloTokens {

    private static final Logger log = LoggerFactory.getLogger(ZaloTokens.class);
    static final String COLLECTION = "zalo_tokens";
    private static final String ID = "oa";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration FAILURE_BACKOFF = Duration.ofMinutes(1);

    private final MongoTemplate mongo;
    private final ZaloProperties properties;
    private final ZaloOAuthClient oauth;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();

    ZaloTokens(MongoTemplate mongo, ZaloProperties properties, ZaloOAuthClient oauth, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.oauth = oauth;
        this.clock = clock;
    }

    @Document(COLLECTION)
    record TokenState(@Id String id, String accessToken, Instant accessExpiresAt, String refreshToken,
                      Instant leaseUntil, String leaseOwner, String lastError, Instant lastErrorAt,
                      Instant refreshedAt, String seed) {
    }

    /** Thrown when no usable access token can be had now; the message is safe to log and show to admins. */
    static class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** A valid access token, refreshing it first if it is about to expire. */
    String accessToken() throws Unavailable {
        Instant deadline = clock.instant().plusSeconds(10);
        while (true) {
            TokenState state = current();
            if (fresh(state)) {
                return state.accessToken();
            }
            if (state.lastErrorAt() != null && state.lastErrorAt().plus(FAILURE_BACKOFF).isAfter(clock.instant())) {
                throw new Unavailable("Zalo token refresh failed recently: " + state.lastError());
            }
            TokenState leased = lease();
            if (leased != null) {
                return refresh(leased);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new Unavailable("another instance is refreshing the Zalo token");
            }
            sleep();
        }
    }

    /** Marks the token unusable (Zalo said -216/-220) so the next call refreshes it. */
    void invalidate(String token) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ID).and("accessToken").is(token)),
                new Update().set("accessExpiresAt", Instant.EPOCH), TokenState.class);
    }

    /** For health: null when fine, else why the channel cannot send. */
    String problem() {
        TokenState state = mongo.findById(ID, TokenState.class);
        if (state == null) {
            return blank(properties.refreshToken()) ? "no ZALO_REFRESH_TOKEN configured" : null;
        }
        if (fresh(state)) {
            return null;
        }
        return state.lastError();
    }

    private TokenState current() throws Unavailable {
        TokenState state = mongo.findById(ID, TokenState.class);
        String seed = blank(properties.refreshToken()) ? null : seed(properties.refreshToken().strip());
        if (state != null) {
            if (seed != null && !seed.equals(state.seed())) {
                // An administrator configured a new refresh token (e.g. after revoking the old one): it wins.
                mongo.updateFirst(Query.query(Criteria.where("_id").is(ID)), new Update()
                        .set("refreshToken", properties.refreshToken().strip()).set("seed", seed)
                        .set("accessExpiresAt", Instant.EPOCH).unset("lastError").unset("lastErrorAt"), TokenState.class);
                return mongo.findById(ID, TokenState.class);
            }
            return state;
        }
        if (seed == null) {
            throw new Unavailable("no ZALO_REFRESH_TOKEN configured and no stored token");
        }
        // An upsert by id, not an insert: instances seeding at once all succeed, quietly, and the first one's
        // token is kept (an insert refused for the duplicate key was logged as an ERROR).
        mongo.upsert(Query.query(Criteria.where("_id").is(ID)), new Update().setOnInsert("accessExpiresAt", Instant.EPOCH)
                .setOnInsert("refreshToken", properties.refreshToken().strip()).setOnInsert("seed", seed), TokenState.class);
        return mongo.findById(ID, TokenState.class);
    }

    private boolean fresh(TokenState state) {
        return state.accessToken() != null && state.accessExpiresAt() != null
                && state.accessExpiresAt().isAfter(clock.instant().plus(properties.refreshMargin()));
    }

    private TokenState lease() {
        Instant now = clock.instant();
        return mongo.findAndModify(
                Query.query(Criteria.where("_id").is(ID).orOperator(
                        Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now))),
                new Update().set("leaseUntil", now.plus(LEASE)).set("leaseOwner", instance),
                FindAndModifyOptions.options().returnNew(true), TokenState.class);
    }

    private String refresh(TokenState leased) throws Unavailable {
        if (fresh(leased)) {
            release(new Update());
            return leased.accessToken();
        }
        String error;
        try {
            ZaloOAuthClient.Refreshed pair = oauth.refresh(leased.refreshToken());
            long seconds = pair.expiresInSeconds();
            Instant now = clock.instant();
            // Stored before anyone uses it: the old refresh token is spent from now on.
            release(new Update().set("accessToken", pair.accessToken()).set("refreshToken", pair.refreshToken())
                    .set("accessExpiresAt", now.plusSeconds(seconds)).set("refreshedAt", now)
                    .unset("lastError").unset("lastErrorAt"));
            log.info("Zalo access token refreshed; valid for {} s", seconds);
            return pair.accessToken();
        } catch (ZaloOAuthClient.RefreshFailed e) {
            error = e.getMessage();
        }
        log.error("Zalo token refresh failed: {}. Set a new ZALO_REFRESH_TOKEN if the stored one was revoked.", error);
        release(new Update().set("lastError", error).set("lastErrorAt", clock.instant()));
        throw new Unavailable("Zalo token refresh failed: " + error);
    }

    private void release(Update update) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(ID).and("leaseOwner").is(instance)),
                update.unset("leaseUntil").unset("leaseOwner"), TokenState.class);
    }

    private static String seed(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void sleep() throws Unavailable {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }
}
