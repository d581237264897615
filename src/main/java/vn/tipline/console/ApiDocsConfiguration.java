package vn.tipline.console;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.tipline.account.ApiSecurity;
import vn.tipline.account.Officer;

/** The OpenAPI description at /api/docs: the two ways to sign in to the officer API. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static {
        // The signed-in officer is resolved from the session or credentials, not sent as a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Officer.class);
    }

    @Bean
    OpenAPI tiplineOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tip line API").version("1")
                        .description("Citizens' web chat (public) and the officer console (/api/admin, an account "
                                + "needed: HTTP Basic or a personal API token from POST /api/admin/me/tokens)."))
                .components(new Components()
                        .addSecuritySchemes(ApiSecurity.BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes(ApiSecurity.TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A personal API token, tlk_...")));
    }
}
