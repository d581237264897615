package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.InboundHandler;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.conversation.Inbound;
import vn.tipline.conversation.Outbound;
import vn.tipline.conversation.SystemTexts;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Telegram's part of the {@link InboundPipeline}: reads a recorded update (minimised JSON), answers
 * button presses, fetches files, runs the conversation, and renders the replies for the Bot API.
 */
class UpdateHandler implements InboundHandler {

    private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);

    private final UpdateMapper mapper;
    private final MessageRenderer renderer;
    private final ConversationService conversations;
    private final Outbox outbox;
    private final ChatReachability reachability;
    private final BotApiClient api;
    private final SystemTexts texts;
    private final ObjectMapper json;
    private final TelegramProperties properties;

    UpdateHandler(UpdateMapper mapper, MessageRenderer renderer, ConversationService conversations, Outbox outbox,
                  ChatReachability reachability, BotApiClient api, SystemTexts texts, ObjectMapper json,
                  TelegramProperties properties) {
        this.mapper = mapper;
        this.renderer = renderer;
        this.conversations = conversations;
        this.outbox = outbox;
        this.reachability = reachability;
        this.api = api;
        this.texts = texts;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public String route(String raw) throws IOException {
        return UpdateMapper.routeKey(json.readTree(raw));
    }

    @Override
    public Handled handle(Object eventId, String raw) throws IOException, BotApiException {
        long updateId = ((Number) eventId).longValue();
        JsonNode update = json.readTree(raw);
        TelegramUpdate mapped = mapper.map(update);
        // Answered in the webhook's acknowledgement; long polling has no acknowledgement to answer in.
        boolean answered = UpdateMapper.answeredOnReceipt(update);
        String keyPrefix = "telegram:update:" + updateId;
        if (mapped instanceof TelegramUpdate.Conversation c) {
            reachability.markReachable(TelegramChannel.NAME, c.chatId());
            if (c.callbackQueryId() != null && !answered) {
                answerCallback(c.callbackQueryId());
            }
            Inbound inbound = c.inbound() != null ? c.inbound() : fetch(c.file());
            List<Outbound> replies = conversations.handle(TelegramChannel.NAME, c.chatId(), inbound, keyPrefix);
            return new Handled(c.chatId(), renderer.render(c.chatId(), replies, keyPrefix));
        }
        if (mapped instanceof TelegramUpdate.Group g) {
            if (outbox.hasPending(TelegramChannel.NAME, g.chatId())) {
                // A refusal is still waiting for this group: a burst of commands gets one answer.
                return Handled.NOTHING;
            }
            log.info("Telegram update {}: a group addressed the bot; told to write privately", updateId);
            return new Handled(g.chatId(), renderer.groupRefusal(g.chatId(), texts.get("group_chat_refusal", "vi"),
                    texts.get("group_chat_refusal", "en"), keyPrefix));
        }
        if (mapped instanceof TelegramUpdate.Reachability r) {
            if (r.blocked()) {
                reachability.markUnreachable(TelegramChannel.NAME, r.chatId(), "blocked");
                log.info("Telegram update {}: a citizen blocked the bot", updateId);
            } else {
                reachability.markReachable(TelegramChannel.NAME, r.chatId());
            }
            return Handled.NOTHING;
        }
        if (mapped instanceof TelegramUpdate.AnswerOnly a) {
            if (!answered) {
                answerCallback(a.callbackQueryId());
            }
            return Handled.NOTHING;
        }
        if (mapped instanceof TelegramUpdate.Ignored ignored) {
            log.debug("Telegram update {} ignored ({})", updateId, ignored.kind());
        }
        return Handled.NOTHING;
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
}
