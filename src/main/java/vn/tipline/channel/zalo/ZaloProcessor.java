package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import vn.tipline.channel.ChatWorkers;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.InboundJournal;
import vn.tipline.conversation.Outbound;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.DeliveryFailed;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxMessage;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Handles recorded Zalo events asynchronously: each event once (claimed in the journal), one
 * user's events in order (a user always goes to the same worker), users in parallel. Replies are
 * stored with the event, then queued in the outbox, so a crash after the engine ran repeats nothing.
 */
class ZaloProcessor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ZaloProcessor.class);
    private static final int MAX_ATTEMPTS = 20;

    private final InboundJournal journal;
    private final ZaloApiClient api;
    private final ZaloRenderer renderer;
    private final ConversationService conversations;
    private final Outbox outbox;
    private final ChatReachability reachability;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final ChatWorkers workers;
    private final String owner = "zalo-" + UUID.randomUUID().toString().substring(0, 8);

    ZaloProcessor(InboundJournal journal, ZaloApiClient api, ZaloRenderer renderer, ConversationService conversations,
                  Outbox outbox, ChatReachability reachability, ApplicationEventPublisher events, ObjectMapper json,
                  int workerCount) {
        this.journal = journal;
        this.api = api;
        this.renderer = renderer;
        this.conversations = conversations;
        this.outbox = outbox;
        this.reachability = reachability;
        this.events = events;
        this.json = json;
        this.workers = new ChatWorkers("zalo-events", workerCount);
    }

    void submit(String eventKey, String userId) {
        workers.submit(eventKey, userId, () -> {
            try {
                process(eventKey);
            } catch (RuntimeException e) {
                log.warn("Zalo event not handled now ({}); resumed later", e.getClass().getSimpleName());
            }
        });
    }

    void process(String eventKey) {
        InboundJournal.Claimed claimed = journal.claim(eventKey, owner);
        if (claimed == null) {
            return;
        }
        try {
            String userId;
            List<OutboxMessage> replies;
            if (InboundJournal.PENDING.equals(claimed.status())) {
                JsonNode event = json.readTree(claimed.raw());
                userId = ZaloEvents.userOf(event).orElse(null);
                replies = handle(eventKey, event);
                if (userId == null || replies.isEmpty()) {
                    journal.done(eventKey, InboundJournal.DONE);
                    return;
                }
                if (!journal.handled(eventKey, owner, userId, replies)) {
                    return;
                }
            } else {
                userId = claimed.chatId();
                replies = claimed.replies();
            }
            outbox.enqueue(ZaloChannel.NAME, userId, replies);
            journal.done(eventKey, InboundJournal.DONE);
        } catch (Exception e) {
            int attempts = claimed.attempts() + 1;
            if (attempts >= MAX_ATTEMPTS) {
                log.error("A Zalo event was given up after {} attempts ({})", attempts, e.getClass().getSimpleName());
                journal.done(eventKey, InboundJournal.FAILED);
            } else {
                journal.retryLater(eventKey, owner, Duration.ofSeconds(Math.min(600, 1L << Math.min(attempts, 10))));
            }
        }
    }

    private List<OutboxMessage> handle(String eventKey, JsonNode event) {
        ZaloEvents.Meaning meaning = ZaloEvents.read(event, api::download);
        String keyPrefix = "zalo:event:" + eventKey;
        if (meaning instanceof ZaloEvents.Message m) {
            reachability.markReachable(ZaloChannel.NAME, m.userId());
            List<Outbound> replies = conversations.handle(ZaloChannel.NAME, m.userId(), m.inbound(), keyPrefix);
            return renderer.render(replies, keyPrefix);
        }
        if (meaning instanceof ZaloEvents.Followed f) {
            reachability.markReachable(ZaloChannel.NAME, f.userId());
            return renderer.render(conversations.open(ZaloChannel.NAME, f.userId()), keyPrefix);
        }
        if (meaning instanceof ZaloEvents.Unfollowed u) {
            reachability.markUnreachable(ZaloChannel.NAME, u.userId(), "unfollowed");
            // Same signal as a blocked Telegram chat: subscriptions and queued messages for it end.
            events.publishEvent(new DeliveryFailed(ZaloChannel.NAME, u.userId(), "unfollowed", true, 0));
            log.info("A Zalo user unfollowed the OA");
        }
        return List.of();
    }

    @Scheduled(fixedDelayString = "${tipline.zalo.resume-interval:PT30S}", initialDelayString = "PT1S")
    void resume() {
        if (!workers.running()) {
            return;
        }
        for (InboundJournal.Claimed due : journal.due(500)) {
            String user = "?";
            try {
                user = ZaloEvents.userOf(json.readTree(due.raw() == null ? "{}" : due.raw())).orElse(String.valueOf(due.chatId()));
            } catch (java.io.IOException ignored) {
                // routed by key only
            }
            submit(String.valueOf(due.id()), user);
        }
        journal.prune(Duration.ofMinutes(10), Duration.ofDays(3));
    }

    @Override
    public void start() {
        workers.start();
    }

    @Override
    public void stop() {
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        return workers.running();
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
