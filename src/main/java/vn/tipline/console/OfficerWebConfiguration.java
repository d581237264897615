package vn.tipline.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The officer console's MVC wiring: the language switch (vi default, en); the account feature resolves the current officer. */
@Configuration(proxyBeanMethods = false)
class OfficerWebConfiguration implements WebMvcConfigurer {

    static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    static final List<String> LANGUAGES = List.of("vi", "en");

    /** The page's language: a cookie set by {@code ?lang=en} or {@code ?lang=vi}; Vietnamese by default. */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("tipline-lang");
        resolver.setDefaultLocale(VIETNAMESE);
        resolver.setDefaultLocaleFunction(OfficerWebConfiguration::defaultLocale);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /**
     * Without a choice made: Vietnamese on the console (its officers' language), and the browser's
     * language (vi or en) on an error page for any other address, such as a mistyped "/Chat".
     */
    static Locale defaultLocale(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = original instanceof String uri ? uri : request.getRequestURI();
        String console = request.getContextPath() + "/admin";
        if (path == null || path.equals(console) || path.startsWith(console + "/")) {
            return VIETNAMESE;
        }
        for (Locale wanted : Collections.list(request.getLocales())) {
            if (LANGUAGES.contains(wanted.getLanguage())) {
                return Locale.forLanguageTag(wanted.getLanguage());
            }
        }
        return VIETNAMESE;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String wanted = request.getParameter("lang");
                if (wanted != null && LANGUAGES.contains(wanted)) {
                    LocaleResolver resolver = RequestContextUtils.getLocaleResolver(request);
                    if (resolver != null) {
                        resolver.setLocale(request, response, Locale.forLanguageTag(wanted));
                    }
                }
                return true;
            }
        }).addPathPatterns("/admin", "/admin/**");
    }
}
