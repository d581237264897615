package vn.tipline.channel.web;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.ActiveProfiles;
import vn.tipline.conversation.Outbound;
import vn.tipline.support.WebChatClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages waiting for web citizens who never came back do not stay forever. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WebInboxTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    WebInbox inbox;

    @Autowired
    WebSessions sessions;

    @Test
    void aMessageUnreadForLongerThanAConversationIsKeptIsDeletedAndAFresherOneIsStillHandedOut() {
        WebChatClient citizen = WebChatClient.open(port);
        String chatId = sessions.chatId(citizen.session()).orElseThrow();
        inbox.send(chatId, List.of(new Outbound.Text("Câu hỏi cũ của cán bộ")));
        // Written 31 days ago (conversations are forgotten after 30).
        mongo.updateMulti(Query.query(Criteria.where("text").is("Câu hỏi cũ của cán bộ")),
                new Update().set("createdAt", Instant.now().minus(Duration.ofDays(31))), WebInbox.COLLECTION);
        inbox.send(chatId, List.of(new Outbound.Text("Câu hỏi mới của cán bộ")));

        assertThat(inbox.forgetUnread()).isEqualTo(1);
        assertThat(inbox.forgetUnread()).as("a second sweep finds nothing").isZero();
        assertThat(citizen.inboxTexts()).containsExactly("Câu hỏi mới của cán bộ");
    }
}
