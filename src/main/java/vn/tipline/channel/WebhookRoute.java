package vn.tipline.channel;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A channel's webhook, mapped when the channel's settings turn it on as the context starts. Spring
 * AOT fixes {@code @Conditional} outcomes when the jar is built, so a {@code @RestController} picked by
 * a condition would stay as the build found it. Without the mapping every call to the path finds
 * nothing (404), as for any unknown path.
 */
public final class WebhookRoute {

    private WebhookRoute() {
    }

    /** Maps the controller's one {@code @PostMapping} method, at the path that annotation names. */
    public static <T> T post(RequestMappingHandlerMapping mapping, T controller) {
        Method method = Arrays.stream(controller.getClass().getDeclaredMethods())
                .filter(candidate -> candidate.isAnnotationPresent(PostMapping.class)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(controller.getClass() + " has no @PostMapping method"));
        // SpringDoc describes the handlers of @RestController beans only; named here, this one is described too.
        SpringDocUtils.getConfig().addRestControllers(controller.getClass());
        mapping.registerMapping(RequestMappingInfo.paths(method.getAnnotation(PostMapping.class).value())
                .methods(RequestMethod.POST).options(mapping.getBuilderConfiguration()).build(), controller, method);
        return controller;
    }
}
