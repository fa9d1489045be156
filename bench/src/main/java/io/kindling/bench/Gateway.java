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
    private final java.util.function.Function<String, String> tokens;

    /** @param tokens a bearer token for a user */
    Gateway(String base, java.util.function.Function<String, String> tokens) {
        this.base = base;
        this.tokens = tokens;
    }

    /** The Authorization header for {@code owner}. */
    private String bearer(String owner) {
        return "Bearer " + tokens.apply(owner);
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
        int statement = submit(owner, id, sql);
        while (!send(owner, "GET", "/api/v1/sessions/" + id + "/statements/" + statement, null).get("state")
                .asString().equals("available")) {
            Thread.sleep(20);
        }
    }

    /** Submits a SQL statement; returns its id at once. */
    int submit(String owner, String id, String sql) throws IOException, InterruptedException {
        return submit(owner, id, "sql", sql);
    }

    /** Submits a statement of {@code kind}; returns its id at once. */
    int submit(String owner, String id, String kind, String code) throws IOException, InterruptedException {
        return send(owner, "POST", "/api/v1/sessions/" + id + "/statements",
                json.createObjectNode().put("kind", kind).put("code", code).toString()).get("id").asInt();
    }

    void stop(String owner, String id) throws IOException, InterruptedException {
        send(owner, "DELETE", "/api/v1/sessions/" + id, null);
        waitFor(owner, id, "ended", Duration.ofMinutes(1));
    }

    /** Uploads a file as an artifact ({@code POST /api/v1/artifacts}); returns its {@code kindling://} URI. */
    String uploadArtifact(String owner, java.nio.file.Path file) throws IOException, InterruptedException {
        String boundary = "kindling-bench-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/artifacts"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", bearer(owner))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(java.util.List.of(head,
                        java.nio.file.Files.readAllBytes(file), tail))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("upload -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("uri").asString();
    }

    /** Submits a spark job spec (YAML); returns the job id. */
    String submitJob(String owner, String yaml) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", bearer(owner))
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST /api/v1/jobs -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("id").asString();
    }

    /** Waits until the job ended; throws unless it succeeded. */
    JsonNode awaitJob(String owner, String id, Duration within) throws IOException, InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            JsonNode job = get(owner, "/api/v1/jobs/" + id);
            String state = job == null ? "queued" : job.get("state").asString();
            if (state.equals("succeeded")) {
                return job;
            }
            if (state.equals("failed") || state.equals("killed")) {
                throw new IllegalStateException("job " + id + " " + state + ": " + job);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("job " + id + " did not end within " + within);
    }

    String jobLog(String owner, String id, String stream) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "/log?stream=" + stream))
                .timeout(Duration.ofSeconds(30)).header("Authorization", bearer(owner)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A resource, or {@code null} while it is not there (404). */
    JsonNode get(String owner, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", bearer(owner)).GET().build(),
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
                .header("Authorization", bearer(owner));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }
}
