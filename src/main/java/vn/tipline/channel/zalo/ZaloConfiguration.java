package vn.tipline.channel.zalo;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.lang.Nullable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.tipline.channel.ConversationService;
import vn.tipline.channel.InboundJournal;
import vn.tipline.channel.InboundMetrics;
import vn.tipline.channel.InboundPipeline;
import vn.tipline.store.StoreLocation;
import vn.tipline.channel.OutboxSender;
import vn.tipline.channel.PlatformHttp;
import vn.tipline.channel.WebhookRoute;
import vn.tipline.outbox.ChatReachability;
import vn.tipline.outbox.Outbox;
import vn.tipline.outbox.OutboxProperties;
import vn.tipline.system.HealthStatuses;

import java.time.Clock;
import java.time.Duration;

/**
 * The Zalo Official Account channel, on when ZALO_APP_ID and ZALO_OA_SECRET_KEY are set. Each bean
 * decides as the context starts and is null when the channel is off, as in the Telegram channel's
 * configuration: Spring AOT would fix a {@code @Conditional} when the jar is built.
 */
@Configuration(proxyBeanMethods = false)
class ZaloConfiguration {

    @Bean
    OkHttpClient zaloHttpClient(ZaloProperties properties, @Value("${tipline.zalo.workers:16}") int workers,
                                OutboxProperties outbox) {
        if (!properties.enabled()) {
            return null;
        }
        // Sent by the event handlers and the outbox's workers; one more for a token refresh.
        return PlatformHttp.builder(properties.requestTimeout(), workers + outbox.workers() + 1).build();
    }

    @Bean
    ZaloTokens zaloTokens(MongoTemplate mongo, ZaloProperties properties, @Nullable OkHttpClient zaloHttpClient,
                          ObjectMapper json, Clock clock) {
        return zaloHttpClient == null ? null : new ZaloTokens(mongo, properties, new ZaloOAuthClient(zaloHttpClient, json, properties), clock);
    }

    @Bean
    ZaloApiClient zaloApi(@Nullable OkHttpClient zaloHttpClient, ObjectMapper json, ZaloProperties properties) {
        return zaloHttpClient == null ? null : new ZaloApiClient(zaloHttpClient, json, properties);
    }

    @Bean
    ZaloRenderer zaloRenderer(ObjectMapper json, ZaloProperties properties) {
        return !properties.enabled() ? null : new ZaloRenderer(json);
    }

    @Bean
    ZaloTransport zaloTransport(@Nullable ZaloApiClient api, @Nullable ZaloTokens tokens, ObjectMapper json,
                                @Value("${tipline.zalo.max-per-second:20}") double maxPerSecond,
                                org.springframework.data.mongodb.gridfs.GridFsTemplate files, ZaloProperties properties) {
        return api == null ? null : new ZaloTransport(api, tokens, json, maxPerSecond, files, properties.rateLimitWait());
    }

    @Bean
    OutboxSender zaloSender(@Nullable ZaloRenderer renderer, Outbox outbox, ChatReachability reachability) {
        return renderer == null ? null : new OutboxSender(ZaloChannel.NAME, (chatId, messages, key) -> renderer.render(messages, key), outbox,
                reachability);
    }

    @Bean
    InboundJournal zaloJournal(MongoTemplate mongo, Clock clock, StoreLocation store, InboundMetrics metrics,
                               ZaloProperties properties) {
        if (!properties.enabled()) {
            return null;
        }
        InboundJournal journal = new InboundJournal(mongo, clock, Duration.ofMinutes(2), "zalo_events", "zalo_events_seen",
                ZaloChannel.NAME, metrics);
        journal.releaseClaimsOfACrash(store);
        return journal;
    }

    @Bean
    InboundPipeline zaloInbound(@Nullable InboundJournal zaloJournal, @Nullable ZaloApiClient api, @Nullable ZaloRenderer renderer,
                                ConversationService conversations, Outbox outbox, ChatReachability reachability,
                                ApplicationEventPublisher events, ObjectMapper json, Clock clock, TaskScheduler scheduler,
                                @Value("${tipline.zalo.workers:16}") int workers,
                                @Value("${tipline.zalo.resume-interval:PT30S}") Duration resumeInterval) {
        if (zaloJournal == null) {
            return null;
        }
        ZaloEventHandler handler = new ZaloEventHandler(api, renderer, conversations, reachability, events, json);
        // Zalo retries a failed webhook call for a while: handled event keys are remembered for three days.
        return new InboundPipeline(ZaloChannel.NAME, zaloJournal, handler, outbox,
                new InboundPipeline.Settings(workers, resumeInterval, Duration.ofDays(3), 20), clock, scheduler);
    }

    @Bean
    HealthIndicator zaloHealthIndicator(@Nullable ZaloTokens tokens, @Nullable ZaloTransport transport) {
        if (tokens == null || transport == null) {
            return null;
        }
        return () -> {
            String problem = tokens.problem();
            if (problem == null) {
                problem = transport.quotaProblem();
            }
            return problem == null ? Health.up().build() : Health.status(HealthStatuses.DEGRADED).withDetail("problem", problem).build();
        };
    }

    @Bean
    ZaloWebhookController zaloWebhookController(ZaloProperties properties, @Nullable @Qualifier("zaloInbound") InboundPipeline inbound,
                                                 ObjectMapper json, Clock clock, InboundMetrics metrics,
                                                 @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping) {
        if (inbound == null) {
            return null;
        }
        return WebhookRoute.post(mapping, new ZaloWebhookController(properties, inbound, json, clock, metrics));
    }
}
