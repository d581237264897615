package vn.tipline.account;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Every feature's console controller takes the signed-in {@link Officer} as a parameter; the
 * account feature resolves it (and holds back an officer who must change a one-time password).
 */
@Configuration(proxyBeanMethods = false)
class AccountWebConfiguration implements WebMvcConfigurer {

    private final CurrentOfficer currentOfficer;

    AccountWebConfiguration(AccountService accounts, ProblemResponses problems) {
        this.currentOfficer = new CurrentOfficer(accounts, problems);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(currentOfficer).addPathPatterns("/admin", "/admin/**", "/api/admin/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(currentOfficer);
    }
}
