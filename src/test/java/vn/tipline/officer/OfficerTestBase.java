package vn.tipline.officer;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.tip.TipService;

/** The running service (one shared context), real HTTP, the embedded store through the real driver. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class OfficerTestBase {

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    TipService tipService;

    @Autowired
    MongoTemplate mongo;

    Fixtures fx;

    @BeforeEach
    void freshFixtures() {
        fx = new Fixtures(accounts, tokens, tipService, mongo);
    }

    Http as(String username) {
        return Http.as(port, username);
    }

    Http anonymous() {
        return Http.anonymous(port);
    }
}
