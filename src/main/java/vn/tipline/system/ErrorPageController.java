package vn.tipline.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import java.net.URI;
import java.util.Map;

/**
 * The error page for what reaches the servlet container's error handling instead of a
 * controller: a body refused by size, a path the firewall rejects, an exception escaping a filter,
 * and {@code /error} asked for directly (404: there is no such page). API clients get problem
 * details; a browser on the officers' pages a plain page in their language. Neither carries an
 * exception's message or a stack trace.
 */
@Controller
class ErrorPageController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);

    @RequestMapping("${server.error.path:/error}")
    Object error(HttpServletRequest request) {
        HttpStatus status = status(request);
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : null;
        if (wantsPage(request, path)) {
            // Outside the console (a citizen's mistyped address) the way on is the chat, not the officers' queue.
            boolean console = path != null && (path.equals("/admin") || path.startsWith("/admin/"));
            return new ModelAndView("officer/error", Map.of("status", status.value(), "citizen", !console), status);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(request, status));
        if (path != null) {
            // The address the client asked for, not this page's.
            problem.setInstance(URI.create(path));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof RequestRejectedException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            return HttpStatus.NOT_FOUND;
        }
        HttpStatus resolved = HttpStatus.resolve(code);
        HttpStatus status = resolved == null || !resolved.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
        // A client's fault (a body cut short) is answered, not logged: anyone could fill the log with it.
        if (exception instanceof Throwable t && status.is5xxServerError()) {
            // The class and where, never the message: it may quote the request.
            log.error("Unhandled error outside a controller: {} at {}", t.getClass().getName(),
                    t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?");
        }
        return status;
    }

    /** A browser (it asks for HTML first) anywhere but the APIs and webhooks. */
    private static boolean wantsPage(HttpServletRequest request, String path) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains(MediaType.TEXT_HTML_VALUE)) {
            return false;
        }
        return path == null || !(path.startsWith("/api/") || path.startsWith("/webhook/") || path.startsWith("/actuator/"));
    }

    private static String detail(HttpServletRequest request, HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "There is nothing at this address.";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than allowed"
                    + (request.getAttribute(BodyLimitFilter.LIMIT_ATTRIBUTE) instanceof Long limit
                    ? " (at most " + limit + " bytes)" : "") + "; nothing of it was kept.";
            case BAD_REQUEST -> "The request was refused as malformed; check its address, headers and body.";
            case UNAUTHORIZED, FORBIDDEN -> "You may not do this.";
            default -> status.is4xxClientError() ? "The request was refused."
                    : "Something went wrong on our side; nothing you sent before was lost. Please try again.";
        };
    }
}
