package vn.tipline.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Optional;
import java.util.Set;

/**
 * Loads the signed-in officer's account on every request, so a disabled account or a changed
 * scope takes effect at once (even mid-session), and holds everyone with a one-time password
 * to changing it first. Controllers take the result as an {@link Officer} parameter.
 */
final class CurrentOfficer implements HandlerInterceptor, HandlerMethodArgumentResolver {

    private static final String ATTRIBUTE = CurrentOfficer.class.getName();
    private static final Set<String> ALLOWED_BEFORE_PASSWORD_CHANGE = Set.of(
            "/api/admin/me", "/api/admin/me/password", "/admin/password", "/admin/logout", "/admin/login");

    private final AccountService accounts;
    private final ProblemResponses problems;

    CurrentOfficer(AccountService accounts, ProblemResponses problems) {
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return true;
        }
        boolean api = request.getServletPath().startsWith("/api/");
        Optional<Account> account = accounts.find(authentication.getName()).filter(Account::enabled);
        if (account.isEmpty()) {
            SecurityContextHolder.clearContext();
            if (api) {
                problems.write(request, response, HttpStatus.UNAUTHORIZED, "This account is disabled.");
            } else {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + OfficerSecurity.LOGIN_PAGE + "?error");
            }
            return false;
        }
        if (account.get().mustChangePassword() && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(request.getServletPath())) {
            if (api) {
                problems.passwordChangeRequired(request, response);
            } else {
                response.sendRedirect(request.getContextPath() + "/admin/password");
            }
            return false;
        }
        request.setAttribute(ATTRIBUTE, account.get().officer());
        return true;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Officer.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Object officer = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (officer == null) {
            throw new AccessDeniedException("not signed in");
        }
        return officer;
    }
}
