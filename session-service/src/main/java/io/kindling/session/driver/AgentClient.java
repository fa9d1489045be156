package io.kindling.session.driver;

import io.kindling.session.SessionServiceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The session agent's loopback API. Every call carries the cluster's secret and is bounded in time. */
@Component
public class AgentClient {

    private final HttpClient http;
    private final JsonMapper json;
    private final Duration callTimeout;

    AgentClient(JsonMapper json, SessionServiceProperties props) {
        this.json = json;
        this.callTimeout = props.agentCallTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** {@code {"state":"starting|ready|failed","executors":N,"message":...}}. */
    public JsonNode health(DriverHandle driver) {
        return call(driver, "GET", "/health", null, 200);
    }

    /** Opens a fresh {@code newSession()} for a Kindling session, with its per-session Spark conf. */
    public void openSession(DriverHandle driver, String sessionId, Map<String, String> conf) {
        openSession(driver, sessionId, conf, "sql");
    }

    /** Opens a session whose statements are of {@code kind} unless they say otherwise (its runner gets ready). */
    public void openSession(DriverHandle driver, String sessionId, Map<String, String> conf, String kind) {
        call(driver, "POST", "/sessions", Map.of("sessionId", sessionId, "conf", conf, "kind", kind), 201);
    }

    public void closeSession(DriverHandle driver, String sessionId) {
        call(driver, "DELETE", "/sessions/" + sessionId, null, 204, 404);
    }

    /** Submits a statement; returns the agent's Livy statement JSON (with the agent's statement id). */
    public JsonNode submit(DriverHandle driver, String sessionId, String kind, String code) {
        return call(driver, "POST", "/sessions/" + sessionId + "/statements", Map.of("kind", kind, "code", code), 201);
    }

    /** Long-polls a statement for up to {@code wait}. */
    public JsonNode statement(DriverHandle driver, String sessionId, int agentStatementId, Duration wait) {
        return call(driver, "GET", "/sessions/" + sessionId + "/statements/" + agentStatementId + "?waitMillis="
                + wait.toMillis(), null, 200);
    }

    public void cancel(DriverHandle driver, String sessionId, int agentStatementId) {
        call(driver, "POST", "/sessions/" + sessionId + "/statements/" + agentStatementId + "/cancel", null, 200, 202,
                404);
    }

    public void shutdown(DriverHandle driver) {
        call(driver, "POST", "/shutdown", null, 202);
    }

    private JsonNode call(DriverHandle driver, String method, String path, Object body, int... expected) {
        URI uri = URI.create("http://" + driver.host() + ":" + driver.port() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(callTimeout).header("X-Kindling-Secret", driver.secret());
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return response.body().length == 0 ? null : json.readTree(response.body());
                }
            }
            throw new AgentException(method + " " + path + " on " + driver + " answered " + response.statusCode()
                    + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AgentException(method + " " + path + " on " + driver + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(method + " " + path + " interrupted", e);
        }
    }

    /** The agent did not answer as expected. */
    public static class AgentException extends RuntimeException {
        AgentException(String message) {
            super(message);
        }

        AgentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
