package io.kindling.kit.problem;

import io.kindling.kit.resilience.DatabaseCircuit;
import io.kindling.kit.resilience.DatabaseFailures;
import java.util.stream.Collectors;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of a service's HTTP API as RFC 9457 problem+json with a stable {@code code}. Stack traces go
 * to the log only. A problem stays small whatever the request was ({@link BoundedProblem}).
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.status().getReasonPhrase());
        body.setProperty("code", problem.code());
        problem.fields().forEach(body::setProperty);
        return ResponseEntity.status(problem.status()).body(BoundedProblem.of(body, request.getRequestURI()));
    }

    /** A multipart body that cannot be read (no boundary, no end); one over the size limits is a 413 (Spring's). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableMultipart(MultipartException e, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the multipart/form-data body "
                + "cannot be read: it needs a boundary in its Content-Type and parts that end with it");
        body.setProperty("code", "MALFORMED_MULTIPART");
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseFailures.isUnavailable(e)) {
            // counted by the database circuit breaker; no stack trace: an outage is not a bug
            request.setAttribute(DatabaseCircuit.FAILURE, e);
            log.warn("database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "the database is unavailable; retry later");
            body.setTitle(HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
            body.setProperty("code", "DATABASE_UNAVAILABLE");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(body);
        }
        log.error("unexpected error", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        body.setProperty("code", "INTERNAL_ERROR");
        return ResponseEntity.internalServerError().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            body.setDetail("unknown field '" + unknown.getPropertyName() + "'");
            body.setProperty("code", "UNKNOWN_FIELD");
            body.setProperty("field", path(unknown));
        } else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            body.setDetail("field '" + path(mismatch) + "' has the wrong type: " + firstLine(mismatch.getOriginalMessage()));
            body.setProperty("code", "INVALID_FIELD");
            body.setProperty("field", path(mismatch));
        } else if (cause instanceof JacksonException json) {
            body.setDetail("malformed JSON: " + firstLine(json.getOriginalMessage()));
            body.setProperty("code", "MALFORMED_JSON");
        } else {
            body.setDetail("the request body is missing or unreadable");
            body.setProperty("code", "MALFORMED_JSON");
        }
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring's own exceptions (405, 415, 413, a path variable of the wrong type) say what was wrong in their body
        ProblemDetail problem = body instanceof ProblemDetail p ? p
                : ex instanceof ErrorResponse error ? error.getBody() : ProblemDetail.forStatus(status);
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", codeFor(status));
        }
        if (problem.getDetail() == null || problem.getDetail().isBlank()) {
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setDetail(known == null ? "HTTP " + status.value() : known.getReasonPhrase());
        }
        HttpServletRequest servlet = request instanceof NativeWebRequest n
                ? n.getNativeRequest(HttpServletRequest.class) : null;
        BoundedProblem.of(problem, servlet == null ? null : servlet.getRequestURI());
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static String codeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP_" + status.value() : known.name();
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
