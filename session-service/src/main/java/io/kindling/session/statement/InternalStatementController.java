package io.kindling.session.statement;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Internal API for the gateway (which validated the body and checked ownership). */
@RestController
@RequestMapping("/internal/sessions/{sessionId}/statements")
class InternalStatementController {

    private final StatementService statements;
    private final JsonMapper json;

    InternalStatementController(StatementService statements, JsonMapper json) {
        this.statements = statements;
        this.json = json;
    }

    /** The body as the gateway forwards it. */
    record Submission(String kind, String code) {
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> submit(@PathVariable String sessionId, @RequestBody Submission body) {
        Statement s = statements.submit(sessionId, body.kind(), body.code());
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + sessionId + "/statements/" + s.id()))
                .body(StatementView.of(s, json));
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String sessionId) {
        List<Map<String, Object>> all = statements.list(sessionId).stream().map(s -> StatementView.of(s, json)).toList();
        return Map.of("total_statements", all.size(), "statements", all);
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String sessionId, @PathVariable int id) {
        return StatementView.of(statements.get(sessionId, id), json);
    }

    @PostMapping("/{id}/cancel")
    Map<String, Object> cancel(@PathVariable String sessionId, @PathVariable int id) {
        return Map.of("msg", "canceled", "statement", StatementView.of(statements.cancel(sessionId, id), json));
    }
}
