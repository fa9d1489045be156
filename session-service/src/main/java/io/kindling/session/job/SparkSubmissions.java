package io.kindling.session.job;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Spark applications in cluster deploy mode through a standalone master's REST submission server
 * ({@code spark.master.rest.enabled}): create, status, kill. No SparkSubmit JVM is started; a submission takes
 * milliseconds. Every call is bounded in time.
 */
public class SparkSubmissions {

    /** What Spark reports of a submitted driver: SUBMITTED, RUNNING, FINISHED, FAILED, KILLED, ERROR, … */
    public record DriverStatus(String state, String workerId, String message) {

        /** Whether the driver is done (Spark's DriverState FINISHED, FAILED, KILLED or ERROR). */
        public boolean isFinal() {
            return List.of("FINISHED", "FAILED", "KILLED", "ERROR").contains(state);
        }
    }

    /**
     * One application to run.
     *
     * @param appResource the application jar ({@code file:} URI readable where the driver runs)
     * @param properties  Spark properties; {@code spark.master} (the cluster's RPC URL) is required
     */
    public record Submission(String appResource, String mainClass, List<String> args, Map<String, String> properties) {
    }

    /** The master refused or did not answer. */
    public static class SubmissionException extends RuntimeException {
        public SubmissionException(String message) {
            super(message);
        }

        public SubmissionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final String sparkVersion;
    private final Duration timeout;

    public SparkSubmissions(JsonMapper json, String sparkVersion, Duration timeout) {
        this.json = json;
        this.sparkVersion = sparkVersion;
        this.timeout = timeout;
    }

    /** @return the driver id, e.g. {@code driver-20261124081511-0000} */
    public String submit(String restUrl, Submission submission) {
        Map<String, String> properties = new LinkedHashMap<>(submission.properties());
        properties.put("spark.submit.deployMode", "cluster");
        properties.putIfAbsent("spark.driver.supervise", "false");
        if (submission.appResource().endsWith(".jar")) {
            properties.putIfAbsent("spark.jars", submission.appResource());
        }
        if (!properties.containsKey("spark.master")) {
            throw new IllegalArgumentException("spark.master (the cluster's spark:// URL) is required");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", "CreateSubmissionRequest");
        body.put("appResource", submission.appResource());
        body.put("mainClass", submission.mainClass());
        body.put("appArgs", submission.args());
        body.put("clientSparkVersion", sparkVersion);
        body.put("environmentVariables", Map.of("SPARK_ENV_LOADED", "1"));
        body.put("sparkProperties", properties);
        JsonNode answer = call("POST", restUrl + "/v1/submissions/create", json.writeValueAsString(body));
        if (!answer.path("success").asBoolean(false)) {
            throw new SubmissionException("the master refused the submission of " + submission.mainClass() + ": "
                    + answer.path("message").asString(answer.toString()));
        }
        return answer.path("submissionId").asString();
    }

    public DriverStatus status(String restUrl, String driverId) {
        JsonNode answer = call("GET", restUrl + "/v1/submissions/status/" + driverId, null);
        return new DriverStatus(answer.path("driverState").asString("UNKNOWN"), answer.path("workerId").asString(null),
                answer.path("message").asString(null));
    }

    /** Asks the master to kill the driver (and so its executors); true if it accepted. */
    public boolean kill(String restUrl, String driverId) {
        return call("POST", restUrl + "/v1/submissions/kill/" + driverId, "").path("success").asBoolean(false);
    }

    private JsonNode call(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json;charset=UTF-8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            try {
                return json.readTree(response.body());
            } catch (tools.jackson.core.JacksonException notJson) {
                String text = response.body() == null ? "" : response.body().strip();
                throw new SubmissionException(method + " " + url + " answered " + response.statusCode()
                        + " with something that is not the master's REST server: "
                        + text.substring(0, Math.min(text.length(), 200)), notJson);
            }
        } catch (IOException e) {
            throw new SubmissionException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubmissionException(method + " " + url + " interrupted", e);
        }
    }
}
