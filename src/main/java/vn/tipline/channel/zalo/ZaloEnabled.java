package vn.tipline.channel.zalo;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The channel runs only with an OA configured (app id and OA secret key): otherwise no Zalo bean exists. */
class ZaloEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String appId = context.getEnvironment().getProperty("tipline.zalo.app-id");
        String secret = context.getEnvironment().getProperty("tipline.zalo.oa-secret-key");
        return appId != null && !appId.isBlank() && secret != null && !secret.isBlank();
    }
}
