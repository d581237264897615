package vn.tipline.channel.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import vn.tipline.channel.ChannelSender;
import vn.tipline.conversation.Button;
import vn.tipline.conversation.ConversationProperties;
import vn.tipline.conversation.Outbound;
import vn.tipline.tip.ReporterKeys;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The web chat cannot be pushed to: messages for a web citizen (an officer's follow-up, a relay
 * answer) wait here, under the session's reporter key, until the page polls for them. A message nobody
 * came back for is deleted when the session's conversation would be ({@code forget-after}). A
 * follow-up question stays readable on the tip ({@code /status CODE}); a relay answer stays in the
 * officers' thread, and the citizen writing again opens a new conversation anyway.
 */
@Component
class WebInbox implements ChannelSender {

    static final String COLLECTION = "web_inbox";
    private static final Logger log = LoggerFactory.getLogger(WebInbox.class);

    private final MongoTemplate mongo;
    private final ReporterKeys keys;
    private final ConversationProperties conversations;
    private final Clock clock;

    WebInbox(MongoTemplate mongo, ReporterKeys keys, ConversationProperties conversations, Clock clock) {
        this.mongo = mongo;
        this.keys = keys;
        this.conversations = conversations;
        this.clock = clock;
    }

    @Document(COLLECTION)
    record Pending(@Id String id, String reporterKey, String text, List<Button> buttons,
                   Instant createdAt, String image) {
    }

    private static String image(Outbound message) {
        return message instanceof Outbound.Media media ? WebChatImageController.url(media.attachmentId()) : null;
    }

    @Override
    public String channel() {
        return WebChatController.CHANNEL;
    }

    @Override
    public void send(String chatId, List<Outbound> messages) {
        String key = keys.keyFor(channel(), chatId);
        for (Outbound message : messages) {
            List<Button> buttons =
                    message instanceof Outbound.Choice c ? c.buttons() : List.of();
            mongo.insert(new Pending(null, key, message.text(), buttons, clock.instant(), image(message)));
        }
    }

    @Override
    public Handoff sendOnce(String chatId, List<Outbound> messages, String key) {
        String reporterKey = keys.keyFor(channel(), chatId);
        for (int i = 0; i < messages.size(); i++) {
            Outbound message = messages.get(i);
            List<Button> buttons =
                    message instanceof Outbound.Choice c ? c.buttons() : List.of();
            try {
                mongo.insert(new Pending(key + ":" + i, reporterKey, message.text(), buttons, clock.instant(),
                        image(message)));
            } catch (org.springframework.dao.DuplicateKeyException alreadyThere) {
                // Handed over before (a retried batch): once is enough.
            }
        }
        return Handoff.DELIVERED;
    }

    /** Deletes messages left unread for longer than a conversation is kept; returns how many. */
    @Scheduled(fixedDelayString = "${tipline.conversation.inbox-sweep-interval:PT1H}", initialDelayString = "PT2M")
    long forgetUnread() {
        long deleted = mongo.remove(Query.query(Criteria.where("createdAt").lt(clock.instant().minus(conversations.forgetAfter()))),
                Pending.class).getDeletedCount();
        if (deleted > 0) {
            log.info("Web chat: {} message(s) unread for {} deleted", deleted, conversations.forgetAfter());
        }
        return deleted;
    }

    /** Takes the waiting messages of a session (by its chat id, never its token), oldest first; each is handed out once. */
    List<Outbound> take(String chatId) {
        String key = keys.keyFor(channel(), chatId);
        List<Pending> pending = mongo.find(Query.query(Criteria.where("reporterKey").is(key)), Pending.class);
        List<Outbound> messages = new ArrayList<>();
        pending.stream().sorted(java.util.Comparator.comparing(Pending::createdAt)).forEach(p -> {
            if (mongo.remove(Query.query(Criteria.where("_id").is(p.id())), Pending.class).getDeletedCount() == 1) {
                messages.add(outbound(p));
            }
        });
        return messages;
    }

    private static Outbound outbound(Pending p) {
        if (p.image() != null) {
            return new Outbound.Media(WebChatImageController.id(p.image()), null, p.text());
        }
        return p.buttons().isEmpty() ? new Outbound.Text(p.text()) : new Outbound.Choice(p.text(), p.buttons());
    }
}
