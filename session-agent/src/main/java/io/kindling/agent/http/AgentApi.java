package io.kindling.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kindling.agent.driver.Health;
import io.kindling.agent.driver.SparkDriver;
import io.kindling.agent.session.KindlingSession;
import io.kindling.agent.session.SessionRegistry;
import io.kindling.agent.statement.Statement;
import io.kindling.agent.statement.StatementKind;
import io.kindling.agent.statement.StatementKinds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** The agent's endpoints: health, sessions, statements and shutdown. */
public final class AgentApi {

    /** Longest wait a statement long-poll may ask for. */
    static final long MAX_WAIT_MILLIS = 30_000;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final SparkDriver driver;
    private final SessionRegistry sessions;
    private final StatementKinds kinds;

    public AgentApi(SparkDriver driver, SessionRegistry sessions, StatementKinds kinds) {
        this.driver = driver;
        this.sessions = sessions;
        this.kinds = kinds;
    }

    /**
     * A parsed request.
     *
     * @param path the path split at {@code /}, without empty parts
     */
    record Request(String method, List<String> path, Map<String, String> query, JsonNode body) {
    }

    /**
     * An answer; {@code body} {@code null} means no content, {@code afterSend} runs once it is sent.
     */
    record Reply(int status, Object body, Runnable afterSend) {
        static Reply of(int status, Object body) {
            return new Reply(status, body, null);
        }
    }

    Reply handle(Request request) throws InterruptedException {
        List<String> p = request.path();
        String route = request.method() + " " + shape(p);
        return switch (route) {
            case "GET /health" -> Reply.of(200, driver.health());
            case "POST /sessions" -> createSession(request.body());
            case "DELETE /sessions/*" -> deleteSession(p.get(1));
            case "GET /sessions/*/statements" -> list(session(p.get(1)));
            case "POST /sessions/*/statements" -> submit(session(p.get(1)), request.body());
            case "GET /sessions/*/statements/*" -> get(p.get(1), p.get(3), request.query().get("waitMillis"));
            case "POST /sessions/*/statements/*/cancel" -> cancel(p.get(1), p.get(3));
            case "POST /shutdown" -> new Reply(202, Map.of("state", "stopping"),
                    () -> driver.shutdown("POST /shutdown"));
            default -> throw new ApiException(404, "no endpoint " + request.method() + " /" + String.join("/", p));
        };
    }

    /** The path with the variable parts ({@code sessions/{sid}/statements/{id}}) as {@code *}. */
    private static String shape(List<String> path) {
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            boolean variable = path.get(0).equals("sessions") && (i == 1 || i == 3);
            shape.append('/').append(variable ? "*" : path.get(i));
        }
        return shape.isEmpty() ? "/" : shape.toString();
    }

    private Reply createSession(JsonNode body) {
        String id = text(body, "sessionId");
        if (!SESSION_ID.matcher(id).matches()) {
            throw new ApiException(400, "sessionId must match " + SESSION_ID.pattern());
        }
        SparkSession root = driver.readySession().orElseThrow(() -> {
            Health health = driver.health();
            return new ApiException(409, "agent is " + health.state()
                    + (health.message() == null ? "" : ": " + health.message()));
        });
        java.util.Map<String, String> conf = new java.util.TreeMap<>();
        JsonNode given = body == null ? null : body.get("conf");
        if (given != null && given.isObject()) {
            given.fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        }
        KindlingSession session = sessions.create(id, root, conf)
                .orElseThrow(() -> new ApiException(409, "session " + id + " already exists"));
        // the session's own kind: its runner (a Python interpreter) gets ready before the first statement
        JsonNode kind = body == null ? null : body.get("kind");
        if (kind != null && kind.isTextual()) {
            kinds.find(kind.asText()).ifPresent(session::prepare);
        }
        return Reply.of(201, Map.of("sessionId", id));
    }

    private Reply deleteSession(String id) {
        if (!sessions.close(id)) {
            throw new ApiException(404, "no session " + id);
        }
        return Reply.of(204, null);
    }

    private Reply submit(KindlingSession session, JsonNode body) {
        String kindName = text(body, "kind");
        StatementKind kind = kinds.find(kindName)
                .orElseThrow(() -> new ApiException(400, kinds.unsupported(kindName)));
        String code = text(body, "code");
        return Reply.of(201, session.submit(kind, code));
    }

    private Reply list(KindlingSession session) {
        List<Object> views = session.statements().stream().<Object>map(session::view).toList();
        return Reply.of(200, Map.of("total_statements", views.size(), "statements", views));
    }

    private Reply get(String sessionId, String statementId, String waitMillis) throws InterruptedException {
        KindlingSession session = session(sessionId);
        Statement statement = statement(session, statementId);
        long wait = waitMillis == null ? 0 : parse(waitMillis, "waitMillis");
        if (wait > 0 && !statement.state().isTerminal()) {
            statement.await(Duration.ofMillis(Math.min(wait, MAX_WAIT_MILLIS)));
        }
        return Reply.of(200, session.view(statement));
    }

    private Reply cancel(String sessionId, String statementId) {
        KindlingSession session = session(sessionId);
        Statement statement = statement(session, statementId);
        session.cancel(statement);
        return Reply.of(200, session.view(statement));
    }

    private KindlingSession session(String id) {
        return sessions.get(id).orElseThrow(() -> new ApiException(404, "no session " + id));
    }

    private static Statement statement(KindlingSession session, String id) {
        return session.statement((int) Math.min(parse(id, "statement id"), Integer.MAX_VALUE))
                .orElseThrow(() -> new ApiException(404, "no statement " + id + " in session " + session.id()));
    }

    private static long parse(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ApiException(400, what + " must be an integer, was '" + value + "'");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(400, "body field '" + field + "' (a non-empty string) is required");
        }
        return value.asText();
    }
}
