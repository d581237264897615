package vn.tipline.account;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Personal API tokens ({@code Authorization: Bearer tlk_...}): 256 random bits, shown once,
 * stored as a SHA-256 hash (a fast hash is enough for a random secret of that size).
 */
@Service
public class ApiTokens {

    static final String PREFIX = "tlk_";
    private static final int MAX_PER_ACCOUNT = 10;

    private final MongoTemplate mongo;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(MongoTemplate mongo, AuditLog audit, Clock clock) {
        this.mongo = mongo;
        this.audit = audit;
        this.clock = clock;
    }

    @Document("officer_api_tokens")
    record ApiToken(@Id String id, @Indexed(unique = true) String hash, String username, String label,
                    Instant createdAt) {
    }

    /** What the owner sees of a token: never the secret or its hash. */
    record TokenInfo(String id, String label, Instant createdAt) {
    }

    public record NewToken(String id, String label, String token, Instant createdAt) {
    }

    public NewToken create(String username, String label) {
        if (mongo.count(Query.query(Criteria.where("username").is(username)), ApiToken.class) >= MAX_PER_ACCOUNT) {
            throw Refusal.TOO_MANY_TOKENS.exception();
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[9];
        random.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        String cleanLabel = label == null || label.isBlank() ? "token" : label.strip();
        if (cleanLabel.length() > 60) {
            cleanLabel = cleanLabel.substring(0, 60);
        }
        ApiToken saved = mongo.insert(new ApiToken(id, hash(token), username, cleanLabel, clock.instant()));
        audit.record(username, AuditLog.Action.TOKEN_CREATE, username, "token " + id);
        return new NewToken(saved.id(), saved.label(), token, saved.createdAt());
    }

    List<TokenInfo> list(String username) {
        return mongo.find(Query.query(Criteria.where("username").is(username)).with(Sort.by("createdAt")), ApiToken.class)
                .stream().map(t -> new TokenInfo(t.id(), t.label(), t.createdAt())).toList();
    }

    boolean revoke(String username, String id) {
        boolean removed = mongo.remove(Query.query(Criteria.where("_id").is(id).and("username").is(username)),
                ApiToken.class).getDeletedCount() > 0;
        if (removed) {
            audit.record(username, AuditLog.Action.TOKEN_REVOKE, username, "token " + id);
        }
        return removed;
    }

    /** The account a presented token belongs to. */
    Optional<String> owner(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        ApiToken token = mongo.findOne(Query.query(Criteria.where("hash").is(hash(presented))), ApiToken.class);
        return Optional.ofNullable(token).map(ApiToken::username);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
