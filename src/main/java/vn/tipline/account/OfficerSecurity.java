package vn.tipline.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Who may reach what.
 * <ul>
 *   <li>{@code /api/admin/**}: an account, by HTTP Basic or personal API token; stateless (a
 *       session cookie is never read here, so CSRF cannot apply and is off). Audit,
 *       accounts and the retention policy are for ADMIN only.</li>
 *   <li>{@code /admin/**}: the officers' page, session sign-in form, CSRF on, a strict
 *       Content-Security-Policy (no inline script, nothing from elsewhere).</li>
 *   <li>Public: the citizens' web chat and its API (with their own strict headers,
 *       the web chat's {@code HeaderWriter} bean), webhooks, health, the API docs ({@code /api/docs}, deliberately
 *       public: they describe endpoints, not data), static assets. Anything else needs an account.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class OfficerSecurity {

    static final String LOGIN_PAGE = "/admin/login";
    static final String CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * No Micrometer observation around each security filter, authentication and authorization: with
     * them, every request's filters were each wrapped (JFR of the inbound benchmark: a fifth of the
     * service's CPU under webhook load, in the wrapping, not the filters). Requests are still timed as
     * {@code http.server.requests}; sign-ins and refusals are in the audit log and the throttle's counts.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder(OfficerProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptStrength());
    }

    @Bean
    UserDetailsService officerAccounts(MongoTemplate mongo) {
        return username -> {
            Account account = mongo.findById(AccountService.normalize(username), Account.class);
            if (account == null) {
                throw new UsernameNotFoundException("no such account");
            }
            return new AccountDetails(account);
        };
    }

    @Bean
    ProblemResponses problemResponses(ObjectMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    @Order(1)
    SecurityFilterChain officerApiChain(HttpSecurity http, ApiTokens tokens, AccountService accounts, LoginThrottle throttle,
                                   AuditLog audit, ProblemResponses problems) throws Exception {
        http.securityMatcher("/api/admin/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(b -> b.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new LoginThrottleFilter(throttle, problems, true), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenFilter(tokens, accounts, throttle, audit, problems),
                        BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/admin/audit", "/api/admin/audit/**",
                                "/api/admin/accounts", "/api/admin/accounts/**",
                                "/api/admin/retention", "/api/admin/retention/**").hasRole(Role.ADMIN.name())
                        // The police directory: importing and editing units is an administrator's job;
                        // re-routing a tip to another unit is a supervisor's.
                        .requestMatchers(HttpMethod.POST, "/api/admin/units/import").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.PATCH, "/api/admin/units/*").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.PUT, "/api/admin/tips/*/unit")
                        .hasAnyRole(Role.SUPERVISOR.name(), Role.ADMIN.name())
                        .anyRequest().authenticated());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain officerPageChain(HttpSecurity http, LoginThrottle throttle, ProblemResponses problems,
                                     AuditLog audit) throws Exception {
        http.securityMatcher("/admin", "/admin/**")
                .formLogin(f -> f.loginPage(LOGIN_PAGE).loginProcessingUrl(LOGIN_PAGE)
                        .defaultSuccessUrl("/admin", false).failureHandler((request, response, e) -> {
                            SignInForm.keepUsername(request);
                            response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?error");
                        }).permitAll())
                .logout(l -> l.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.record(authentication.getName(), AuditLog.Action.LOGOUT,
                                        authentication.getName(), null);
                            }
                        }))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .addFilterBefore(new LoginThrottleFilter(throttle, problems, false),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(LOGIN_PAGE).permitAll()
                        .requestMatchers("/admin/accounts", "/admin/accounts/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain publicChain(HttpSecurity http, LoginThrottle throttle, ProblemResponses problems,
                                    List<HeaderWriter> publicHeaders) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(b -> b.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(notFoundUnlessApi(problems)).accessDeniedHandler(problems))
                // HTTP Basic is read here too (metrics): passwords guessed here are throttled like anywhere else.
                .addFilterBefore(new LoginThrottleFilter(throttle, problems, true), BasicAuthenticationFilter.class)
                .headers(h -> publicHeaders.forEach(h::addHeaderWriter))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/", "/error", "/favicon.ico", "/chat", "/chat/**", "/api/chat/**",
                                "/webhook/**", "/actuator/health", "/actuator/health/**", "/api/docs", "/api/docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/console/**").permitAll()
                        // Metrics are not secret, but they are not for everyone either: scrape with an admin's token.
                        .requestMatchers("/actuator/prometheus").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * Outside the APIs nothing public needs an account, so an address that reaches this chain's
     * sign-in demand is one that does not exist ("/Chat", "/Admin", "/foo"): it answers 404 through
     * the error page (a page in the browser's language, or problem details by Accept), not a
     * demand for HTTP Basic. Nothing is opened: the request is still refused, and 404 is what any
     * unknown address answers, so it tells nothing. The APIs and metrics keep their 401.
     */
    private static AuthenticationEntryPoint notFoundUnlessApi(ProblemResponses problems) {
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> api = new LinkedHashMap<>();
        api.put(new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")), problems);
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(api);
        entryPoint.setDefaultEntryPoint((request, response, e) -> response.sendError(HttpServletResponse.SC_NOT_FOUND));
        return entryPoint;
    }
}
