package vn.tipline.officer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses requests that carry credentials from an address with too many recent failures,
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
        if (signingIn && throttle.blocked(request.getRemoteAddr())) {
            if (api) {
                problems.throttled(request, response);
            } else {
                response.sendRedirect(request.getContextPath() + OfficerSecurity.LOGIN_PAGE + "?throttled");
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
