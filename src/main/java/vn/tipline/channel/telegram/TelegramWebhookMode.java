package vn.tipline.channel.telegram;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Webhook mode: TELEGRAM_WEBHOOK_URL is set (else the channel polls). */
class TelegramWebhookMode implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty("tipline.telegram.webhook-url");
        return url != null && !url.isBlank();
    }
}
