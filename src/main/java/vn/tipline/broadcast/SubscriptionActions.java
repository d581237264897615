package vn.tipline.broadcast;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.tipline.conversation.ActionContext;
import vn.tipline.conversation.FlowAction;
import vn.tipline.police.Places;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flow actions of subscriptions: {@code subscribe.save} (reads {@code unit}, the police unit a
 * citizen picked with the police feature's province/commune lists, absent when skipped, and
 * {@code news_topic}, a topic value or "all") and {@code subscribe.stop} (outcome {@code none} when
 * there was nothing to stop).
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionActions {

    static final String NONE = "none";

    @Bean
    FlowAction subscribeAction(Subscriptions subscriptions, Places places) {
        return new FlowAction() {
            @Override
            public String name() {
                return "subscribe.save";
            }

            @Override
            public List<String> requiredTexts() {
                return List.of("news_area_national");
            }

            @Override
            public Result run(ActionContext context) {
                Places.Area area = places.areaOfUnit(context.text("unit")).orElse(null);
                List<String> topics = NewsTopic.fromValue(context.text("news_topic"))
                        .map(t -> List.of(t.value())).orElse(List.of());
                subscriptions.subscribe(context.reporterKey(), context.channel(),
                        area == null ? null : area.province(), area == null ? null : area.commune(), topics,
                        context.language());
                // The confirmation repeats the place: the picked unit's area, or the whole country.
                String where = area != null && context.text("unit_area") != null ? context.text("unit_area")
                        : context.message("news_area_national");
                return Result.ok(Map.of("news_area", where));
            }
        };
    }

    @Bean
    FlowAction unsubscribeAction(Subscriptions subscriptions) {
        return new FlowAction() {
            @Override
            public String name() {
                return "subscribe.stop";
            }

            @Override
            public Set<String> outcomes() {
                return Set.of(NONE);
            }

            @Override
            public Result run(ActionContext context) {
                return subscriptions.unsubscribe(context.reporterKey()) ? Result.ok(Map.of()) : Result.of(NONE);
            }
        };
    }
}
