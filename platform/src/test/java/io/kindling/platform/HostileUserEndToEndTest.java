package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.kit.internal.InternalApiGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a signed-in user who means harm tries against the control plane's own doors, and what they get: the internal
 * APIs refuse a caller without the services' credential (the review's H2: anyone's session ran code through
 * {@code POST :8081/internal/sessions/{id}/statements}, and {@code GET :8082/internal/clusters} listed every
 * cluster with its owner) and listen on loopback only; the public port serves no metrics or health details (M5).
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class HostileUserEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theInternalApisRefuseACallerWithoutTheServicesCredentialAndCreateNothing() throws Exception {
        long statements = JobApiTest.count("SELECT count(*) FROM session.statement");
        Map<String, List<String>> doors = Map.of(
                "session-service", List.of("POST /internal/sessions/s-anyone/statements",
                        "GET /internal/sessions?owner=alice", "GET /internal/jobs/j-anyone"),
                "provisioning-service", List.of("GET /internal/clusters", "GET /internal/pools/any/uses"),
                "teardown-service", List.of("GET /internal/deadlines"),
                "conda-service", List.of("GET /internal/environments/0123abcd"));
        for (Map.Entry<String, List<String>> door : doors.entrySet()) {
            int port = port(SharedPlatform.platform().service(door.getKey()));
            for (String call : door.getValue()) {
                String method = call.substring(0, call.indexOf(' '));
                String path = call.substring(call.indexOf(' ') + 1);
                for (String token : new String[] {null, "guessed-0123456789abcdef0123456789abcdef"}) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                            .method(method, method.equals("POST")
                                    ? HttpRequest.BodyPublishers.ofString("{\"kind\":\"sql\",\"code\":\"SELECT 1\"}")
                                    : HttpRequest.BodyPublishers.noBody());
                    if (token != null) {
                        request.header(InternalApiGuard.HEADER, token);
                    }
                    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

                    assertThat(answer.statusCode()).as("%s %s with token %s", door.getKey(), call, token)
                            .isEqualTo(401);
                    assertThat(JSON.readTree(answer.body()).get("code").asString())
                            .isEqualTo("INTERNAL_CREDENTIAL_REQUIRED");
                    assertThat(answer.body()).doesNotContain("alice").doesNotContain("kc-");
                }
            }
        }
        assertThat(JobApiTest.count("SELECT count(*) FROM session.statement")).isEqualTo(statements);
    }

    @Test
    void theInternalServicesListenOnLoopbackOnly() {
        for (String name : List.of("session-service", "provisioning-service", "teardown-service", "conda-service")) {
            ConfigurableApplicationContext service = SharedPlatform.platform().service(name);
            TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) service).getWebServer();
            for (Connector connector : server.getTomcat().getService().findConnectors()) {
                Object address = connector.getProperty("address");
                assertThat(address).as("%s's listening address", name).isInstanceOf(InetAddress.class);
                assertThat(((InetAddress) address).isLoopbackAddress()).as("%s listens on %s", name, address).isTrue();
            }
        }
    }

    @Test
    void thePublicPortServesNoMetricsAndHealthWithoutItsDetails() throws Exception {
        String gateway = SharedPlatform.platform().gatewayUrl();
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/health",
                "/actuator/health/readiness", "/actuator/env", "/actuator/configprops")) {
            HttpResponse<String> answer = get(gateway + path);
            assertThat(answer.statusCode()).as(path).isIn(401, 403, 404);
            assertThat(answer.body()).as(path).doesNotContain("kindling_").doesNotContain("\"components\"");
        }
        for (String path : List.of("/livez", "/readyz")) {
            HttpResponse<String> answer = get(gateway + path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            JsonNode health = JSON.readTree(answer.body());
            assertThat(health.propertyNames()).as("%s says only whether it is up", path).containsExactly("status");
            assertThat(health.get("status").asString()).isEqualTo("UP");
        }
        // the operator's port has it all
        HttpResponse<String> metrics = Actuator.get(SharedPlatform.platform(), "gateway-service", "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests");
    }

    @Test
    void aPoolCannotPointTheControlPlaneAtItsOwnHostOrEchoWhatAnswersThere() throws Exception {
        GatewayClient admin = new GatewayClient(SharedPlatform.platform()).as("hostile-admin", "default", true);
        long pools = JobApiTest.count("SELECT count(*) FROM attached_pool");
        // the metadata service, and loopback addresses the install did not allow (it allows 127.0.0.1 for its tests)
        for (String[] target : new String[][] {{"spark://169.254.169.254:7077", "http://127.0.0.1:1", "masterUrl"},
                {"spark://127.0.0.1:1", "http://127.0.0.2:6066", "restUrl"},
                {"spark://[::1]:7077", "http://127.0.0.1:1", "masterUrl"}}) {
            GatewayClient.Response refused = admin.post("/api/v1/pools", "{\"name\":\"probe\",\"masterUrl\":\""
                    + target[0] + "\",\"restUrl\":\"" + target[1] + "\"}");
            assertThat(refused.status()).as("%s", refused.body()).isEqualTo(400);
            assertThat(refused.body().get("code").asString()).isEqualTo("POOL_ADDRESS_REFUSED");
            assertThat(refused.body().get("field").asString()).isEqualTo(target[2]);
        }
        // something that is not a Spark master answers where the admin points: its answer is not theirs to read
        com.sun.net.httpserver.HttpServer banner = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        banner.createContext("/", exchange -> {
            byte[] body = "SECRET-BANNER internal admin console v1.2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        banner.start();
        try {
            String at = "127.0.0.1:" + banner.getAddress().getPort();
            GatewayClient.Response probed = admin.post("/api/v1/pools", "{\"name\":\"probe\",\"masterUrl\":"
                    + "\"spark://" + at + "\",\"restUrl\":\"http://" + at + "\"}");
            assertThat(probed.status()).isEqualTo(400);
            assertThat(probed.body().get("code").asString()).isEqualTo("POOL_UNREACHABLE");
            assertThat(probed.body().toString()).doesNotContain("SECRET").doesNotContain("BANNER")
                    .doesNotContain("console");
        } finally {
            banner.stop(0);
        }
        assertThat(JobApiTest.count("SELECT count(*) FROM attached_pool")).isEqualTo(pools);
    }

    private static int port(ConfigurableApplicationContext service) {
        return Integer.parseInt(service.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
