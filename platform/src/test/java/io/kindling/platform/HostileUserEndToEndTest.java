package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.kit.internal.InternalApiGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final String REQUESTS = "SELECT (SELECT count(*) FROM session_request) "
            + "+ (SELECT count(*) FROM accepted_job)";

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

    /**
     * M2: Spark conf is an allowlist, the same for sessions and jobs. Each key here would start a process, load code
     * or files from the host, set an executor's environment or repoint Kindling's own wiring; each is refused with
     * its key named, and neither a session nor a job is created.
     */
    @Test
    void sparkConfOutsideTheAllowlistIsRefusedForSessionsAndJobsAndCreatesNothing() {
        GatewayClient mallory = new GatewayClient(SharedPlatform.platform()).as("conf-mallory");
        long before = JobApiTest.count(REQUESTS);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("spark.driver.extraJavaOptions", "CONF_NOT_ALLOWED");
        refused.put("spark.executor.extraClassPath", "CONF_NOT_ALLOWED");
        refused.put("spark.executorEnv.LD_PRELOAD", "CONF_NOT_ALLOWED");
        refused.put("spark.plugins", "CONF_NOT_ALLOWED");
        refused.put("spark.jars", "CONF_NOT_ALLOWED");
        refused.put("spark.driver.resource.gpu.discoveryScript", "CONF_NOT_ALLOWED");
        refused.put("spark.sql.extensions", "CONF_NOT_ALLOWED");
        refused.put("spark.sql.hive.metastore.jars", "CONF_NOT_ALLOWED");
        refused.put("spark.hadoop.fs.defaultFS", "CONF_NOT_ALLOWED");
        refused.put("spark.eventLog.dir", "CONF_NOT_ALLOWED");
        refused.put("spark.kindling.catalog.dir", "RESERVED_CONF");
        refused.put("spark.master", "RESERVED_CONF");
        refused.forEach((key, code) -> {
            GatewayClient.Response session = mallory.post("/api/v1/sessions", "{\"kind\":\"pyspark\",\"conf\":{\""
                    + key + "\":\"/work/keys/token-signing.key\"}}");
            assertThat(session.status()).as("session conf %s: %s", key, session.body()).isEqualTo(400);
            assertThat(session.body().get("code").asString()).as(key).isEqualTo(code);
            assertThat(session.body().get("field").asString()).isEqualTo("conf." + key);
            GatewayClient.Response job = mallory.post("/api/v1/jobs", JobBusEndToEndTest.sized(
                    "entry: {file: main.py}\n").replace("conf:\n", "conf:\n  \"" + key
                    + "\": /work/keys/token-signing.key\n"), "application/yaml", null);
            assertThat(job.status()).as("job conf %s: %s", key, job.body()).isEqualTo(400);
            assertThat(job.body().get("code").asString()).as(key).isEqualTo(code);
            assertThat(job.body().get("field").asString()).isEqualTo("conf." + key);
        });
        assertThat(JobApiTest.count(REQUESTS))
                .as("nothing created").isEqualTo(before);
    }

    /**
     * M1 and H3: a job (or a pool) names files of the Kindling host by path: the signing key as a jar or a conda
     * file, the folder it is in as code, another workspace's datastore directory as input, a host folder as output.
     * Each is refused with its field, the same whether the path exists or not, no byte of the key is in any
     * answer, and nothing is created. The install these tests run allows the examples' folder only.
     */
    @Test
    void aJobOrPoolNamingHostPathsIsRefusedWithoutReadingThem() throws Exception {
        Path key = SharedPlatform.bean(io.kindling.gateway.auth.AuthProperties.class).signingKeyFile()
                .toAbsolutePath();
        String keyText = Files.readString(key).strip();
        Path otherStore = SharedPlatform.bean(io.kindling.gateway.workspace.WorkspaceProperties.class).datastoreRoot()
                .toAbsolutePath().resolve("other-team").resolve("lake");
        GatewayClient mallory = new GatewayClient(SharedPlatform.platform()).as("paths-mallory");
        long before = JobApiTest.count(REQUESTS);
        String pi = "entry: {class_name: io.kindling.examples.SparkPi}\n";
        // with code of its own (a jar sent with the job), or with its code at a host path
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("code: " + key.getParent() + "\n" + pi + "jars: [kindling-examples.jar]", "code");
        refused.put("code: file://" + key.getParent() + "\n" + pi + "jars: [kindling-examples.jar]", "code");
        refused.put(pi + "jars: [" + key + "]", "jars[0]");
        refused.put(pi + "jars: [" + key.getParent().resolve("no-such.jar") + "]", "jars[0]");
        refused.put(pi + "jars: [a.jar]\nenvironment: {conda_file: " + key + "}", "environment.conda_file");
        refused.put(pi + "jars: [a.jar]\ninputs:\n  raw: {type: uri_folder, path: " + otherStore + "}",
                "inputs.raw.path");
        refused.put(pi + "jars: [a.jar]\noutputs:\n  out: {type: uri_folder, path: file:///etc/kindling-out}",
                "outputs.out.path");
        refused.forEach((spec, field) -> {
            String text = JobBusEndToEndTest.sized(spec);
            GatewayClient.Response job = spec.startsWith("code:")
                    ? mallory.post("/api/v1/jobs", text.replace("code: ./target\n", ""), "application/yaml", null)
                    : JobApiTest.multipart("paths-mallory", "/api/v1/jobs", null, JobApiTest.Part.text("spec", text),
                            JobApiTest.Part.file("code", "a.jar", new byte[] {'P', 'K'}));
            assertThat(job.status()).as("%s: %s", spec, job.body()).isEqualTo(400);
            assertThat(job.body().get("code").asString()).as(spec).isEqualTo("HOST_PATH_REFUSED");
            assertThat(job.body().get("field").asString()).as(spec).isEqualTo(field);
            assertThat(job.body().toString()).doesNotContain(keyText);
        });
        GatewayClient admin = new GatewayClient(SharedPlatform.platform()).as("paths-admin", "default", true);
        GatewayClient.Response pool = admin.post("/api/v1/pools", "{\"name\":\"keyjar\",\"masterUrl\":"
                + "\"spark://127.0.0.1:1\",\"restUrl\":\"http://127.0.0.1:1\",\"jars\":[\"" + key.resolveSibling("k.jar")
                + "\"]}");
        assertThat(pool.status()).as("%s", pool.body()).isEqualTo(400);
        assertThat(pool.body().get("code").asString()).isEqualTo("HOST_PATH_REFUSED");
        assertThat(pool.body().get("field").asString()).isEqualTo("jars[0]");
        assertThat(JobApiTest.count(REQUESTS)).as("nothing created").isEqualTo(before);
    }

    private static int port(ConfigurableApplicationContext service) {
        return Integer.parseInt(service.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
