package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import vn.tipline.channel.ChatWorkers;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.InboundJournal;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Outbound;
import vn.tipline.conversation.SystemTexts;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Handles recorded updates, asynchronously: each update once (claimed in the journal), one chat's
 * updates in order (a chat always goes to the same worker thread), different chats in parallel.
 * The engine's replies are stored with the update, then queued in the outbox.
 */
class UpdateProcessor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UpdateProcessor.class);
    /** After this many failed attempts an update is given up (logged by id), so it cannot block for ever. */
    static final int MAX_ATTEMPTS = 20;
    /** Starts before the web server (which stops first), so updates recorded earlier are resumed first. */
    static final int PHASE = 0;

    private final UpdateJournal journal;
    private final UpdateMapper mapper;
    private final MessageRenderer renderer;
    private final ConversationService conversations;
    private final Outbox outbox;
    private final ChatReachability reachability;
    private final BotApiClient api;
    private final SystemTexts texts;
    private final ObjectMapper json;
    private final TelegramProperties properties;
    private final String owner = "telegram-" + UUID.randomUUID().toString().substring(0, 8);
    private final ChatWorkers workers;

    UpdateProcessor(UpdateJournal journal, UpdateMapper mapper, MessageRenderer renderer,
                    ConversationService conversations, Outbox outbox, ChatReachability reachability, BotApiClient api,
                    SystemTexts texts, ObjectMapper json, TelegramProperties properties) {
        this.journal = journal;
        this.mapper = mapper;
        this.renderer = renderer;
        this.conversations = conversations;
        this.outbox = outbox;
        this.reachability = reachability;
        this.api = api;
        this.texts = texts;
        this.json = json;
        this.properties = properties;
        this.workers = new ChatWorkers("telegram-updates", properties.workers());
    }

    /** Hands a recorded update to its chat's worker; ignored if it is already waiting there. */
    void submit(long updateId, String routeKey) {
        workers.submit(updateId, routeKey, () -> {
            try {
                process(updateId);
            } catch (RuntimeException e) {
                // The store failed before the update was claimed: it stays recorded and is resumed later.
                log.warn("Telegram update {} not handled now ({}); resumed later", updateId, e.getClass().getSimpleName());
            }
        });
    }

    private record Outcome(String chatId, List<OutboxMessage> replies) {
    }

    void process(long updateId) {
        InboundJournal.Claimed claimed = journal.claim(updateId, owner);
        if (claimed == null) {
            return;
        }
        try {
            String chatId;
            List<OutboxMessage> replies;
            if (InboundJournal.PENDING.equals(claimed.status())) {
                Outcome outcome = handle(updateId, claimed.raw());
                if (outcome == null || outcome.replies().isEmpty()) {
                    journal.done(updateId, InboundJournal.DONE);
                    return;
                }
                if (!journal.handled(updateId, owner, outcome.chatId(), outcome.replies())) {
                    log.warn("Telegram update {}: claim lost while handling; left to its new owner", updateId);
                    return;
                }
                chatId = outcome.chatId();
                replies = outcome.replies();
            } else {
                chatId = claimed.chatId();
                replies = claimed.replies();
            }
            outbox.enqueue(TelegramChannel.NAME, chatId, replies);
            journal.done(updateId, InboundJournal.DONE);
        } catch (Exception e) {
            int attempts = claimed.attempts() + 1;
            if (attempts >= MAX_ATTEMPTS) {
                log.error("Telegram update {} given up after {} attempts ({})", updateId, attempts, e.getClass().getSimpleName());
                journal.done(updateId, InboundJournal.FAILED);
            } else {
                Duration delay = Duration.ofSeconds(Math.min(600, 1L << Math.min(attempts, 10)));
                log.warn("Telegram update {} failed ({}), attempt {}; retried in {} s", updateId,
                        e.getClass().getSimpleName(), attempts, delay.toSeconds());
                journal.retryLater(updateId, owner, delay);
            }
        }
    }

    private Outcome handle(long updateId, String raw) throws IOException, BotApiException {
        JsonNode update = json.readTree(raw);
        TelegramUpdate mapped = mapper.map(update);
        String keyPrefix = "telegram:update:" + updateId;
        if (mapped instanceof TelegramUpdate.Conversation c) {
            reachability.markReachable(TelegramChannel.NAME, c.chatId());
            if (c.callbackQueryId() != null) {
                answerCallback(c.callbackQueryId());
            }
            Inbound inbound = c.inbound() != null ? c.inbound() : fetch(c.file());
            List<Outbound> replies = conversations.handle(TelegramChannel.NAME, c.chatId(), inbound, keyPrefix);
            return new Outcome(c.chatId(), renderer.render(c.chatId(), replies, keyPrefix));
        }
        if (mapped instanceof TelegramUpdate.Group g) {
            if (outbox.hasPending(TelegramChannel.NAME, g.chatId())) {
                // A refusal is still waiting for this group: a burst of commands gets one answer.
                return null;
            }
            log.info("Telegram update {}: a group addressed the bot; told to write privately", updateId);
            return new Outcome(g.chatId(), renderer.groupRefusal(g.chatId(), texts.get("group_chat_refusal", "vi"),
                    texts.get("group_chat_refusal", "en"), keyPrefix));
        }
        if (mapped instanceof TelegramUpdate.Reachability r) {
            if (r.blocked()) {
                reachability.markUnreachable(TelegramChannel.NAME, r.chatId(), "blocked");
                log.info("Telegram update {}: a citizen blocked the bot", updateId);
            } else {
                reachability.markReachable(TelegramChannel.NAME, r.chatId());
            }
            return null;
        }
        if (mapped instanceof TelegramUpdate.AnswerOnly a) {
            answerCallback(a.callbackQueryId());
            return null;
        }
        if (mapped instanceof TelegramUpdate.Ignored ignored) {
            log.debug("Telegram update {} ignored ({})", updateId, ignored.kind());
        }
        return null;
    }

    /** Stops the button's spinner; Telegram wants an answer to every callback query. Best effort. */
    private void answerCallback(String callbackQueryId) {
        try {
            api.call("answerCallbackQuery", Map.of("callback_query_id", callbackQueryId));
        } catch (BotApiException | IOException e) {
            // Too old (a replayed update) or Telegram unreachable: the press itself is still handled.
            log.debug("answerCallbackQuery failed ({})", e.getClass().getSimpleName());
        }
    }

    /** Fetches a photo, recording or document: getFile, then the download; too large or unknown files get a polite reply. */
    private Inbound fetch(TelegramUpdate.FileRef file) throws IOException, BotApiException {
        long max = properties.maxDownload().toBytes();
        if (file.size() > max) {
            return new Inbound.Unsupported("large_file");
        }
        JsonNode info;
        try {
            info = api.call("getFile", Map.of("file_id", file.fileId()));
        } catch (BotApiException e) {
            if (e.errorCode() == 400) {
                // "file is too big" (over the Bot API's 20 MB) or an invalid file id.
                return new Inbound.Unsupported(e.description().contains("too big") ? "large_file" : "file");
            }
            throw e;
        }
        if (info.path("file_size").asLong(0) > max) {
            return new Inbound.Unsupported("large_file");
        }
        String path = info.path("file_path").asText("");
        if (path.isEmpty()) {
            return new Inbound.Unsupported("file");
        }
        byte[] data = api.download(path, max);
        if (data == null) {
            return new Inbound.Unsupported("large_file");
        }
        return new Inbound.Media(data, file.contentType());
    }

    /** Updates recorded but not handled (a failure, a restart, another instance that stopped): handled now. */
    @Scheduled(fixedDelayString = "${tipline.telegram.resume-interval:PT30S}",
            initialDelayString = "${tipline.telegram.resume-interval:PT30S}")
    void resume() {
        if (!workers.running()) {
            return;
        }
        try {
            for (InboundJournal.Claimed due : journal.due(500)) {
                String route = due.chatId();
                if (route == null) {
                    try {
                        route = UpdateMapper.routeKey(json.readTree(due.raw()));
                    } catch (IOException | RuntimeException unreadable) {
                        route = "0";
                    }
                }
                submit(((Number) due.id()).longValue(), route);
            }
        } catch (RuntimeException e) {
            log.warn("Telegram: could not look for unhandled updates ({})", e.getClass().getSimpleName());
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void prune() {
        long removed = journal.prune(Duration.ofMinutes(10), Duration.ofHours(48));
        if (removed > 0) {
            log.debug("Telegram: pruned {} finished update record(s)", removed);
        }
    }

    @Override
    public void start() {
        workers.start();
        resume();
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
        return PHASE;
    }
}
