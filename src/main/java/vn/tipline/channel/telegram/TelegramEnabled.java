package vn.tipline.channel.telegram;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The channel runs only with a bot token: without one, no Telegram bean exists and nothing calls out. */
class TelegramEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String token = context.getEnvironment().getProperty("tipline.telegram.bot-token");
        return token != null && !token.isBlank();
    }
}
