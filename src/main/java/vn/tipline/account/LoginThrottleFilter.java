package vn.tipline.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Refuses sign-ins the throttle refuses (this name from this address, or this address at all),
 * before any password is checked: 429 on the API, back to the sign-in page on the web.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final ProblemResponses problems;
    private final boolean api;

    LoginThrottleFilter(LoginThrottle throttle, ProblemResponses problems, boolean api) {
        this.throttle = throttle;
        this.problems = problems;
        this.api = api;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean signingIn = api ? request.getHeader("Authorization") != null
                : "POST".equals(request.getMethod()) && OfficerSecurity.LOGIN_PAGE.equals(request.getServletPath());
        Optional<Duration> refused = signingIn ? throttle.refusedFor(username(request), request.getRemoteAddr())
                : Optional.empty();
        if (refused.isPresent()) {
            if (api) {
                problems.throttled(request, response, refused.get());
            } else {
                SignInForm.keepUsername(request);
                response.sendRedirect(request.getContextPath() + OfficerSecurity.LOGIN_PAGE + "?throttled");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** The name a sign-in is for: the form's field, or HTTP Basic's; null for a token or anything unreadable. */
    private String username(HttpServletRequest request) {
        if (!api) {
            return request.getParameter("username");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : pair.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
