package io.kindling.gateway.statement;

import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.session.SessionOwnership;
import io.kindling.gateway.session.SessionServiceClient;
import io.kindling.kit.problem.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/sessions/{id}/statements} (Livy's shape). Validates, checks ownership, then forwards to
 * session-service, which answers 409 at once for a session that is not ready or has ended.
 */
@RestController
@RequestMapping("/api/v1/sessions/{sessionId}/statements")
class StatementController {

    static final List<String> KINDS = List.of("sql", "pyspark");
    static final int MAX_CODE = 1 << 20;

    private final SessionOwnership ownership;
    private final SessionServiceClient sessionService;

    StatementController(SessionOwnership ownership, SessionServiceClient sessionService) {
        this.ownership = ownership;
        this.sessionService = sessionService;
    }

    @PostMapping
    ResponseEntity<JsonNode> submit(@PathVariable String sessionId, @RequestBody JsonNode body,
                                    Caller caller) {
        ownership.require(sessionId, caller.user());
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("MALFORMED_REQUEST", "the body must be a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("code") && !field.equals("kind")) {
                throw ApiProblem.badRequest("UNKNOWN_FIELD", "unknown field '" + field + "'; known fields: [code, kind]")
                        .with("field", field);
            }
        }
        JsonNode code = body.get("code");
        if (code == null || !code.isString() || code.asString().isBlank()) {
            throw ApiProblem.badRequest("INVALID_FIELD", "code must be a non-empty string").with("field", "code");
        }
        if (code.asString().length() > MAX_CODE) {
            throw ApiProblem.badRequest("INVALID_FIELD", "code must be at most 1 MiB").with("field", "code");
        }
        JsonNode kind = body.get("kind");
        // no kind: the session's own (as in Livy), which session-service knows
        String k = kind == null || kind.isNull() ? null : kind.isString() ? kind.asString() : "";
        if (k != null && !KINDS.contains(k)) {
            throw ApiProblem.badRequest("UNSUPPORTED_KIND", "statement kind must be one of " + KINDS)
                    .with("field", "kind");
        }
        Map<String, String> forwarded = new java.util.HashMap<>();
        forwarded.put("code", code.asString());
        forwarded.put("kind", k);
        ResponseEntity<JsonNode> response = sessionService.call(HttpMethod.POST,
                "/internal/sessions/" + sessionId + "/statements", forwarded);
        return notYetKnownIsNotReady(sessionId, response);
    }

    @GetMapping
    ResponseEntity<JsonNode> list(@PathVariable String sessionId,
                                  Caller caller) {
        ownership.require(sessionId, caller.user());
        return notYetKnownIsNotReady(sessionId,
                sessionService.call(HttpMethod.GET, "/internal/sessions/" + sessionId + "/statements", null));
    }

    @GetMapping("/{statementId}")
    ResponseEntity<JsonNode> get(@PathVariable String sessionId, @PathVariable int statementId,
                                 Caller caller) {
        ownership.require(sessionId, caller.user());
        return sessionService.call(HttpMethod.GET,
                "/internal/sessions/" + sessionId + "/statements/" + statementId, null);
    }

    @PostMapping("/{statementId}/cancel")
    ResponseEntity<JsonNode> cancel(@PathVariable String sessionId, @PathVariable int statementId,
                                    Caller caller) {
        ownership.require(sessionId, caller.user());
        return sessionService.call(HttpMethod.POST,
                "/internal/sessions/" + sessionId + "/statements/" + statementId + "/cancel", null);
    }

    /** The gateway accepted the session but session-service has not applied it yet: not ready, not unknown. */
    private static ResponseEntity<JsonNode> notYetKnownIsNotReady(String sessionId, ResponseEntity<JsonNode> response) {
        if (response.getStatusCode() == HttpStatus.NOT_FOUND && response.getBody() != null
                && "SESSION_NOT_FOUND".equals(response.getBody().path("code").asString(""))) {
            throw ApiProblem.conflict("SESSION_NOT_READY", "session '" + sessionId
                    + "' is requested and not ready for statements yet").with("state", "requested");
        }
        return response;
    }
}
