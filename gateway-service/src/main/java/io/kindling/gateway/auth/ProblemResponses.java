package io.kindling.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401, 403 and the firewall's 400 as RFC 9457 problems, like every other refusal of the API. The detail says what
 * was wrong with the token (missing, expired, not signed by a key this gateway trusts) and never repeats the token.
 */
final class ProblemResponses {

    /** A longer path is not repeated back as the problem's {@code instance}. */
    private static final int MAX_INSTANCE = 256;

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String code;
        String detail;
        if (header == null || header.isBlank()) {
            code = "TOKEN_MISSING";
            detail = "this API needs a bearer token (Authorization: Bearer <JWT>); with the embedded default, "
                    + "bin/kindling token --user <you> mints one";
        } else if (!(e instanceof OAuth2AuthenticationException oauth)) {
            code = "TOKEN_INVALID";
            detail = "the Authorization header is not a bearer token";
        } else {
            String reason = reason(oauth);
            code = reason.contains("expired") ? "TOKEN_EXPIRED" : "TOKEN_INVALID";
            detail = "the bearer token was refused: " + reason;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, code.equals("TOKEN_MISSING") ? "Bearer realm=\"kindling\""
                : "Bearer realm=\"kindling\", error=\"invalid_token\"");
        write(request, response, HttpStatus.UNAUTHORIZED, code, detail);
    }

    /**
     * The most specific reason in the exception and its causes (the validator's "Jwt expired at ..." sits under a
     * generic decoding message). Token validation messages name claims and times, never the token itself.
     */
    private static String reason(OAuth2AuthenticationException e) {
        String reason = e.getError().getDescription() == null ? e.getError().getErrorCode()
                : e.getError().getDescription();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
                return invalid.getErrors().stream().map(OAuth2Error::getDescription).filter(d -> d != null)
                        .collect(java.util.stream.Collectors.joining("; "));
            }
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    /** The firewall's refusal; its message quotes the header or path, so the detail does not. */
    void rejected(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, "REQUEST_REJECTED", "the request was refused: its path or a "
                + "header has a character this API does not take (an encoded '.', '/', ';' or '%', a NUL, a control "
                + "character)");
    }

    void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN", "the token does not allow this");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                       String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (request.getRequestURI().length() <= MAX_INSTANCE) {
            problem.put("instance", request.getRequestURI());
        }
        problem.put("code", code);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
