package io.kindling.gateway.pool;

import io.kindling.kit.problem.ApiProblem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether a standalone cluster answers where an admin says it is: its master accepts connections, and its REST
 * submission server answers a status request with the Spark version it runs.
 */
@Component
class PoolProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final JsonMapper json;

    PoolProbe(JsonMapper json) {
        this.json = json;
    }

    /**
     * @return the Spark version the master's REST server reports. A failure says what did not answer as a Spark
     *         master would, and never what answered instead: the answer of whatever listens there is not the
     *         caller's to read (an attach would otherwise be a port scanner that echoes banners).
     */
    String sparkVersion(URI master, URI rest) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(master.getHost(), master.getPort()), (int) TIMEOUT.toMillis());
        } catch (IOException e) {
            throw ApiProblem.badRequest("POOL_UNREACHABLE", "the master at " + master + " does not accept "
                    + "connections (" + why(e) + ")").with("field", "masterUrl");
        }
        JsonNode status;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve(
                    "/v1/submissions/status/kindling-probe")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            status = json.readTree(response.body());
        } catch (IOException | tools.jackson.core.JacksonException e) {
            throw ApiProblem.badRequest("POOL_UNREACHABLE", "the master's REST submission server at " + rest
                    + " did not answer as one (spark.master.rest.enabled must be true; " + why(e) + ")")
                    .with("field", "restUrl");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + rest, e);
        }
        String version = status.path("serverSparkVersion").asString("");
        if (version.isBlank()) {
            throw ApiProblem.badRequest("POOL_UNREACHABLE", "what answers at " + rest + " is not a Spark master's "
                    + "REST submission server (no serverSparkVersion)").with("field", "restUrl");
        }
        return version;
    }

    /** What went wrong, in words of this class's own: nothing the peer sent. */
    private static String why(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.SocketTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof tools.jackson.core.JacksonException) {
            return "its answer is not JSON";
        }
        return "the connection failed";
    }
}
