package vn.tipline.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.time.Duration;
import java.net.URI;

/** RFC 9457 problem details for the officer API's security answers (401, 403, 429). */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final URI PASSWORD_CHANGE_REQUIRED = URI.create("urn:tipline:problem:password-change-required");

    private final ObjectMapper json;

    ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"tipline\", Bearer");
        write(request, response, HttpStatus.UNAUTHORIZED,
                "Sign in with HTTP Basic (user name and password) or a personal API token "
                        + "(Authorization: Bearer tlk_...). After repeated failures, sign-ins from the same address are refused for a while.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "Your role does not allow this.");
    }

    void throttled(HttpServletRequest request, HttpServletResponse response, Duration left) throws IOException {
        // Whole seconds, rounded up: a client that waits exactly this long is let through.
        response.setHeader("Retry-After", String.valueOf(Math.max(1, (left.toMillis() + 999) / 1000)));
        write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed sign-ins from your address; try again later.");
    }

    void passwordChangeRequired(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = problem(request, HttpStatus.FORBIDDEN,
                "This account has a one-time password: change it first with POST /api/admin/me/password.");
        problem.setType(PASSWORD_CHANGE_REQUIRED);
        send(response, problem);
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        send(response, problem(request, status, detail));
    }

    private static ProblemDetail problem(HttpServletRequest request, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    private void send(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
