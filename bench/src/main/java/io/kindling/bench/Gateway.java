package io.kindling.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway calls the benchmarks make, as a user would. */
final class Gateway {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;

    Gateway(String base) {
        this.base = base;
    }

    String createSession(String owner, String body) throws IOException, InterruptedException {
        return send(owner, "POST", "/api/v1/sessions", body).get("id").asString();
    }

    JsonNode waitFor(String owner, String id, String state, Duration within) throws IOException, InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            JsonNode s = send(owner, "GET", "/api/v1/sessions/" + id, null);
            String now = s.get("state").asString();
            if (now.equals(state)) {
                return s;
            }
            if (now.equals("failed")) {
                throw new IllegalStateException("session failed: " + s);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("session " + id + " not " + state + " within " + within);
    }

    void firstResult(String owner, String id, String sql) throws IOException, InterruptedException {
        int statement = send(owner, "POST", "/api/v1/sessions/" + id + "/statements",
                json.createObjectNode().put("kind", "sql").put("code", sql).toString()).get("id").asInt();
        while (!send(owner, "GET", "/api/v1/sessions/" + id + "/statements/" + statement, null).get("state")
                .asString().equals("available")) {
            Thread.sleep(20);
        }
    }

    void stop(String owner, String id) throws IOException, InterruptedException {
        send(owner, "DELETE", "/api/v1/sessions/" + id, null);
        waitFor(owner, id, "ended", Duration.ofMinutes(1));
    }

    /** A resource, or {@code null} while it is not there (404). */
    JsonNode get(String owner, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("X-Kindling-User", owner).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    private JsonNode send(String owner, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Kindling-User", owner);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }
}
