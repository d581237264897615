package vn.tipline.console;

import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import vn.tipline.account.AccountController;
import vn.tipline.account.AuditController;
import vn.tipline.account.MeController;
import vn.tipline.account.Refusal;
import vn.tipline.tip.EditConflict;
import vn.tipline.tip.StatsController;
import vn.tipline.tip.TipController;
import vn.tipline.tip.TipNotFound;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The officer API's errors as RFC 9457 problem details: 404 for a tip that does not exist or
 * is out of scope (the same answer), 409 for a concurrent edit (with the current version), 422
 * for a refused change (with a reason code), 400 with the invalid fields for bad input.
 */
@RestControllerAdvice(assignableTypes = {TipController.class, StatsController.class, AuditController.class,
        AccountController.class, MeController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class OfficerApiErrors {

    private final MessageSource messages;

    OfficerApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(TipNotFound.class)
    ProblemDetail notFound(TipNotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such tip.");
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(EditConflict.class)
    ProblemDetail conflict(EditConflict e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The tip was changed by someone else since you loaded it; nothing was saved. Reload it and try again.");
        problem.setType(URI.create("urn:tipline:problem:edit-conflict"));
        problem.setTitle("Edit conflict");
        problem.setProperty("currentVersion", e.currentVersion());
        return problem;
    }

    @ExceptionHandler(Refusal.Refused.class)
    ProblemDetail refused(Refusal.Refused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                messages.getMessage(e.reason().messageKey(), null, e.reason().name(), Locale.ENGLISH));
        problem.setType(URI.create("urn:tipline:problem:" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle("Change refused");
        problem.setProperty("reason", e.reason().name());
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this.");
    }

    record InvalidField(String field, String message) {
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        List<InvalidField> fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new InvalidField(f.getField(), f.getDefaultMessage())).toList();
        return invalid(fields);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameters(HandlerMethodValidationException e) {
        List<InvalidField> fields = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(error -> new InvalidField(
                        error instanceof FieldError f ? f.getField() : r.getMethodParameter().getParameterName(),
                        error.getDefaultMessage())))
                .toList();
        return invalid(fields);
    }

    private static ProblemDetail invalid(List<InvalidField> fields) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some fields are invalid.");
        problem.setType(URI.create("urn:tipline:problem:invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", fields));
        return problem;
    }
}
