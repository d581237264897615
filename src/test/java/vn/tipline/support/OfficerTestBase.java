package vn.tipline.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.account.AccountService;
import vn.tipline.account.ApiTokens;
import vn.tipline.tip.TipService;

/** The running service (one shared context), real HTTP, the embedded store through the real driver. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class OfficerTestBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountService accounts;

    @Autowired
    protected ApiTokens tokens;

    @Autowired
    protected TipService tipService;

    @Autowired
    protected MongoTemplate mongo;

    protected Fixtures fx;

    @BeforeEach
    protected void freshFixtures() {
        fx = new Fixtures(accounts, tokens, tipService, mongo);
    }

    protected Http as(String username) {
        return Http.as(port, username);
    }

    protected Http anonymous() {
        return Http.anonymous(port);
    }
}
