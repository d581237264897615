package vn.tipline.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import vn.tipline.account.AccountPageController;
import vn.tipline.broadcast.CampaignPageController;
import vn.tipline.tip.TipPageController;

import java.util.Map;

/**
 * Errors on the officers' pages are pages: a browser posting a form gets the console's error
 * page in its language with the right status, not problem details JSON (that is for the API) and
 * never a stack trace. Denied access is left to Spring Security (sign-in page, 403).
 */
@ControllerAdvice(assignableTypes = {OfficerPageController.class, TipPageController.class, CampaignPageController.class,
        AccountPageController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    @ExceptionHandler(Exception.class)
    ModelAndView page(Exception e) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e;
        }
        HttpStatusCode status = statusOf(e);
        if (status.is5xxServerError()) {
            // The class and where, never the message: it may quote what was posted.
            log.error("Officer page failed: {} at {}", e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        }
        return new ModelAndView("officer/error", Map.of("status", status.value()), status);
    }

    private static HttpStatusCode statusOf(Exception e) {
        if (e instanceof ErrorResponse response) {
            return response.getStatusCode();
        }
        if (e instanceof TypeMismatchException || e instanceof BindException || e instanceof MultipartException
                || e instanceof HttpMessageNotReadableException || e instanceof IllegalArgumentException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof DataAccessResourceFailureException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
