package io.kindling.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the gateway, as a user's script would call it. */
final class GatewayClient {

    record Response(int status, String contentType, JsonNode body, String location,
                    java.util.Map<String, java.util.List<String>> headers) {

        Response(int status, String contentType, JsonNode body, String location) {
            this(status, contentType, body, location, java.util.Map.of());
        }

        /** The first value of header {@code name}, if the answer has it. */
        java.util.Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** How far back a failed wait reports what the services published and applied. */
    private static final Duration REPORT_WINDOW = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Platform platform;
    private final String base;
    private final String user;
    /** The Authorization header sent, or {@code null} for none. */
    private final String authorization;

    /** The platform's gateway, called as user {@code anonymous}. */
    GatewayClient(Platform platform) {
        this(platform, "anonymous");
    }

    /** The platform's gateway, called with a bearer token for {@code user} signed by the platform's key. */
    GatewayClient(Platform platform, String user) {
        this(platform, user, "Bearer " + platform.token(user));
    }

    private GatewayClient(Platform platform, String user, String authorization) {
        this(platform, platform.gatewayUrl(), user, authorization);
    }

    private GatewayClient(Platform platform, String base, String user, String authorization) {
        this.platform = platform;
        this.base = base;
        this.user = user;
        this.authorization = authorization;
    }

    /** A gateway this JVM did not start (a Kindling run as a process of its own), called with a bearer token. */
    static GatewayClient at(String base, String user, String token) {
        return new GatewayClient(null, base, user, "Bearer " + token);
    }

    /** The same gateway, called as another user. */
    GatewayClient as(String otherUser) {
        return new GatewayClient(platform, otherUser);
    }

    /** The same gateway, called by {@code user} of {@code workspace}, an admin of it when {@code admin}. */
    GatewayClient as(String otherUser, String workspace, boolean admin) {
        return new GatewayClient(platform, otherUser, "Bearer " + platform.token(otherUser, workspace, admin));
    }

    /** The Authorization header this client sends, or {@code null} for none. */
    String authorization() {
        return authorization;
    }

    /** The same gateway, called with this Authorization header ({@code null}: none) instead of a valid token. */
    GatewayClient withAuthorization(String header) {
        return new GatewayClient(platform, user, header);
    }

    /** Submits a statement and waits until it is available; returns its output. */
    JsonNode run(String sessionId, String sql) {
        return run(sessionId, "sql", sql);
    }

    /**
     * Runs a {@code pyspark} statement and returns what it printed plus the repr of its trailing expression (its
     * {@code text/plain}), failing unless it succeeded.
     */
    String python(String sessionId, String code) {
        JsonNode output = run(sessionId, "pyspark", code);
        if (output == null || !"ok".equals(output.path("status").asString(""))) {
            throw new AssertionError("the statement did not succeed: " + output);
        }
        return output.get("data").get("text/plain").asString();
    }

    /** The client's JSON mapper, for request bodies. */
    JsonMapper json() {
        return json;
    }

    /** Runs a statement of {@code kind} (none: the session's) and returns its output once it is available. */
    JsonNode run(String sessionId, String kind, String code) {
        tools.jackson.databind.node.ObjectNode body = json.createObjectNode().put("code", code);
        if (kind != null) {
            body.put("kind", kind);
        }
        Response submitted = post("/api/v1/sessions/" + sessionId + "/statements", body.toString());
        if (submitted.status() != 201) {
            throw new AssertionError("statement refused: " + submitted.status() + " " + submitted.body());
        }
        int id = submitted.body().get("id").asInt();
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < until) {
            JsonNode statement = get("/api/v1/sessions/" + sessionId + "/statements/" + id).body();
            if (statement.get("state").asString().equals("available")) {
                return statement.get("output");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("statement " + id + " of " + sessionId + " not available within 2 minutes");
    }

    /**
     * Runs {@code sql} and returns its rows (the output's {@code application/json} data), failing unless the
     * statement succeeded ({@code status: ok}): an error's output (its traceback, its execution count) never passes
     * for a result.
     */
    JsonNode rows(String sessionId, String sql) {
        return rows(run(sessionId, sql));
    }

    /** The one value of a statement that returns one row of one column ({@code SELECT 6 * 7}). */
    JsonNode value(String sessionId, String sql) {
        JsonNode rows = rows(sessionId, sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected one row of one value from " + sql + ", got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** The rows of a statement's output, which must have succeeded ({@code status: ok}). */
    static JsonNode rows(JsonNode output) {
        if (output == null || !"ok".equals(output.path("status").asString(""))) {
            throw new AssertionError("the statement did not succeed: " + output);
        }
        return output.get("data").get("application/json").get("data");
    }

    /** Polls the session until it is in {@code state}; fails at once if it failed instead. */
    JsonNode awaitState(String id, String state, Duration within) {
        long until = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = get("/api/v1/sessions/" + id).body();
            String now = last.get("state").asString();
            if (now.equals(state)) {
                return last;
            }
            if (now.equals("failed") && !state.equals("failed")) {
                throw new AssertionError("session failed: " + last + busReport());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("session " + id + " not " + state + " within " + within + "; last seen: " + last
                + busReport());
    }

    /** What the platform's services published and applied lately, when this JVM runs them. */
    private String busReport() {
        return platform == null ? "" : BusReport.of(platform, REPORT_WINDOW);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A text resource (a log): status and body. */
    String text(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("gateway call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response post(String path, String body) {
        return post(path, body, "application/json", null);
    }

    Response post(String path, String body, String contentType, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private Response send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode body = r.body() == null || r.body().isBlank() || !type.contains("json") ? null
                    : json.readTree(r.body());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body,
                    r.headers().firstValue("Location").orElse(null), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException("gateway call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
