package vn.tipline.system;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.UncategorizedMongoDbException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every API error: Spring MVC's own (malformed JSON, wrong media
 * type, upload too large, ...) through the base class, an unreachable store as 503 with
 * Retry-After, and anything unexpected as a plain 500 that says nothing about the request's content.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A body of undeclared length cut off at the limit (BodyLimitFilter), read by a controller itself. */
    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLarge e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "The request body is larger than allowed (at most " + e.limit() + " bytes); nothing of it was kept.");
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).header(HttpHeaders.CONNECTION, "close")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The same, read by a message converter (JSON): it reports any failed read as unreadable. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                ResponseEntity<ProblemDetail> answer = tooLarge(tooLarge);
                return new ResponseEntity<>(answer.getBody(), answer.getHeaders(), answer.getStatusCode());
            }
        }
        return super.handleHttpMessageNotReadable(e, headers, status, request);
    }

    /**
     * A multipart body that cannot be parsed (cut short, no closing boundary, a bad header). One
     * over the upload limit is a MaxUploadSizeExceededException, answered 413 by the base class.
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail badMultipart(MultipartException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The upload could not be read: the multipart body is malformed or incomplete.");
        problem.setTitle("Malformed upload");
        return problem;
    }

    /** The store cannot be reached (down, a network cut, a failover): a clear 503, and nothing was half done. */
    @ExceptionHandler({DataAccessResourceFailureException.class, MongoSocketException.class, MongoTimeoutException.class,
            MongoConnectionPoolClearedException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(Exception e) {
        log.warn("Store unreachable: {}", e.getClass().getSimpleName());
        return unavailable("The service cannot reach its database right now; nothing you sent was lost. Please try again shortly.",
                5);
    }

    /** A part still loading or retrying a failed load (the police gazetteer after start-up, for one). */
    @ExceptionHandler(TemporarilyUnavailable.class)
    ResponseEntity<ProblemDetail> temporarilyUnavailable(TemporarilyUnavailable e) {
        return unavailable(e.publicDetail(), e.retryAfterSeconds());
    }

    /** A 503 problem with the seconds after which to try again. */
    private static ResponseEntity<ProblemDetail> unavailable(String detail, int retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Spring leaves some driver failures uncategorised; those caused by a lost store are still a 503. */
    @ExceptionHandler(UncategorizedMongoDbException.class)
    ResponseEntity<ProblemDetail> uncategorised(UncategorizedMongoDbException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof MongoConnectionPoolClearedException) {
                return storeUnavailable(e);
            }
        }
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(unexpected(e));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        // Not e.toString(): a parser's message may quote the request, which may be a citizen's tip.
        log.error("Unexpected error: {} at {}", e.getClass().getName(),
                e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; nothing you sent before was lost. Please try again.");
        problem.setTitle("Internal error");
        return problem;
    }
}
