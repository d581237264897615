package vn.tipline.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer tlk_...} on the officer API. A wrong token is a
 * failed sign-in: 401, audited, counted by the address throttle. Not a Spring bean on purpose:
 * a bean filter would also run for every other path.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final AccountService accounts;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final ProblemResponses problems;

    ApiTokenFilter(ApiTokens tokens, AccountService accounts, LoginThrottle throttle, AuditLog audit,
                   ProblemResponses problems) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Account> account = tokens.owner(header.substring(7).strip()).flatMap(accounts::find)
                .filter(Account::enabled);
        if (account.isEmpty()) {
            throttle.recordFailure(null, request.getRemoteAddr());
            audit.record(LoginEvents.UNKNOWN, AuditLog.Action.LOGIN_FAILED, LoginEvents.UNKNOWN, "api token");
            SecurityContextHolder.clearContext();
            problems.commence(request, response, null);
            return;
        }
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                account.get().username(), null, List.of(new SimpleGrantedAuthority(account.get().role().authority())));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
