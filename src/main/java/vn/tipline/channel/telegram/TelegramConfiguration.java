package vn.tipline.channel.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.lang.Nullable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.tipline.account.UnitNames;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.InboundMetrics;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.channel.OutboxSender;
import vn.tipline.channel.WebhookRoute;
import vn.tipline.conversation.FlowCatalog;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxProperties;
import vn.tipline.store.StoreLocation;
import vn.tipline.store.StoreProperties;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Telegram channel, wired only when {@code TELEGRAM_BOT_TOKEN} is set: without a token no bean
 * here exists, nothing calls Telegram, and /webhook/telegram answers 404.
 *
 * <p>Each bean decides as the context starts, from the settings, and is null when the channel is off
 * (Spring keeps a null bean out of lookups by type, lists and lifecycles). A {@code @Conditional}
 * would be decided once when Spring AOT builds the jar, with no token, and never turn the channel on.
 */
@Configuration(proxyBeanMethods = false)
class TelegramConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TelegramConfiguration.class);
    /** Texts this channel says, besides the engine's; startup fails without them. */
    /** After this many failed attempts an update is given up (logged by id), so it cannot block its chat for ever. */
    static final int MAX_ATTEMPTS = 20;
    static final List<String> REQUIRED_TEXTS = List.of("group_chat_refusal", "share_location");

    @Bean
    BotApiClient telegramBotApi(TelegramProperties properties, OutboxProperties outbox, ObjectMapper json) {
        if (!properties.enabled()) {
            return null;
        }
        log.info("Telegram channel on: Bot API at {}", properties.apiUrl());
        // Replies are sent by the update handlers and the outbox's workers; one more for the long poll.
        return new BotApiClient(properties.apiUrl(), properties.botToken(), properties.requestTimeout(),
                properties.pollTimeout(), properties.workers() + outbox.workers() + 1, json);
    }

    @Bean
    BotIdentity telegramBotIdentity(TelegramProperties properties) {
        return !properties.enabled() ? null : new BotIdentity(properties.botUsername());
    }

    @Bean
    UpdateJournal telegramUpdateJournal(MongoTemplate mongo, Clock clock, TelegramProperties properties,
                                        StoreLocation store, InboundMetrics metrics) {
        if (!properties.enabled()) {
            return null;
        }
        UpdateJournal journal = new UpdateJournal(mongo, clock, properties.updateLease(), metrics);
        journal.releaseClaimsOfACrash(store);
        return journal;
    }

    @Bean
    MessageRenderer telegramMessageRenderer(ObjectMapper json, FlowCatalog catalog, TelegramProperties properties) {
        if (!properties.enabled()) {
            return null;
        }
        for (String key : REQUIRED_TEXTS) {
            if (!catalog.texts().texts().containsKey(key)) {
                throw new IllegalStateException("messages.yaml lacks '" + key + "', which the Telegram channel says");
            }
        }
        return new MessageRenderer(json);
    }

    @Bean
    TelegramTransport telegramTransport(@Nullable BotApiClient api, ObjectMapper json, GridFsTemplate evidence,
                                        TelegramProperties properties) {
        return api == null ? null : new TelegramTransport(api, json, evidence, properties);
    }

    @Bean
    OutboxSender telegramSender(@Nullable MessageRenderer renderer, Outbox outbox, ChatReachability reachability) {
        return renderer == null ? null : new OutboxSender(TelegramChannel.NAME, renderer::render, outbox, reachability);
    }

    /** A notice of each new tip, and the daily deadline digest, to the officers' group, when TELEGRAM_OFFICER_CHAT_ID is set. */
    @Bean
    OfficerAlerts telegramOfficerAlerts(@Value("${tipline.telegram.officer-chat-id:}") String chatId,
                                        @Nullable MessageRenderer renderer, Outbox outbox, MessageSource messages,
                                        ObjectProvider<UnitNames> unitNames) {
        if (renderer == null || chatId.isBlank()) {
            return null;
        }
        return new OfficerAlerts(chatId.strip(), renderer, outbox, messages, unitNames.getIfAvailable(() -> UnitNames.CODES_ONLY));
    }

    @Bean
    InboundPipeline telegramInbound(@Nullable UpdateJournal journal, @Nullable BotIdentity identity, @Nullable MessageRenderer renderer,
                                    ConversationService conversations, Outbox outbox, ChatReachability reachability,
                                    @Nullable BotApiClient api, FlowCatalog catalog, ObjectMapper json,
                                    TelegramProperties properties, Clock clock, TaskScheduler scheduler) {
        if (journal == null) {
            return null;
        }
        UpdateHandler handler = new UpdateHandler(new UpdateMapper(identity), renderer, conversations, outbox,
                reachability, api, catalog.texts(), json, properties);
        // Telegram redelivers for up to 24 hours: handled ids are remembered for twice that.
        return new InboundPipeline(TelegramChannel.NAME, journal, handler, outbox, new InboundPipeline.Settings(
                properties.workers(), properties.resumeInterval(), Duration.ofHours(48), MAX_ATTEMPTS), clock, scheduler);
    }

    @Bean
    TelegramStartup telegramStartup(@Nullable BotApiClient api, @Nullable BotIdentity identity, TelegramProperties properties,
                                    ObjectProvider<WebhookSecret> secret, FlowCatalog catalog,
                                    @Nullable @Qualifier("telegramInbound") InboundPipeline inbound, InboundMetrics metrics) {
        if (inbound == null) {
            return null;
        }
        LongPolling polling = properties.webhookMode() ? null
                : new LongPolling(api, inbound, properties.pollTimeout(), metrics);
        return new TelegramStartup(api, identity, properties, secret.getIfAvailable(), catalog, polling);
    }

    /** Webhook mode only: the secret Telegram must send, and the controller that checks it. */
    @Bean
    WebhookSecret telegramWebhookSecret(TelegramProperties properties, StoreProperties store) {
        if (!properties.enabled() || !properties.webhookMode()) {
            return null;
        }
        return WebhookSecret.resolve(properties.webhookSecret(), Path.of(store.dataDir()));
    }

    @Bean
    TelegramWebhookController telegramWebhookController(@Nullable WebhookSecret secret,
                                                        @Nullable @Qualifier("telegramInbound") InboundPipeline inbound,
                                                        ObjectMapper json, InboundMetrics metrics,
                                                        @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping) {
        if (secret == null || inbound == null) {
            return null;
        }
        return WebhookRoute.post(mapping, new TelegramWebhookController(secret, inbound, json, metrics));
    }
}
