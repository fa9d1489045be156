package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.kindling.gateway.auth.AuthProperties;
import io.kindling.kit.containment.HostIsolation;
import io.kindling.kit.job.JobSpecContexts;
import io.kindling.session.SessionServiceProperties;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review's H1 with isolation on (this host is root, as CI is): a user's statements, in Python on the driver and
 * on an executor and in SQL, try to reach the control plane's listeners, read its signing key, its database's files
 * and another user's session, and find nothing. Each probe reports what it got; a probe of the cluster's own master
 * connects, so a probe that could never connect would show.
 */
@Tag("integration")
class IsolatedUserCodeEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorCores\":1,\"executorMemory\":\"512m\","
            + "\"driverMemory\":\"768m\",\"timeoutMinutes\":30";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Platform platform;
    private static Path workDir;
    /** A package index on this host's loopback, which a sandboxed build reaches only through its proxy. */
    private static com.sun.net.httpserver.HttpServer index;
    private static final List<String> INDEX_REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Another host on loopback, which no build may reach. */
    private static com.sun.net.httpserver.HttpServer elsewhere;
    private static final List<String> ELSEWHERE_REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        HostIsolation host = HostIsolation.probe();
        assumeThat(host.possible()).as("this host cannot isolate: %s", host.missing()).isTrue();
        workDir = Files.createTempDirectory("kindling-isolated");
        // a host the index links version 2.0 to, as a mirror's page may point to a CDN: not an allowed source
        elsewhere = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.2", 0), 10);
        elsewhere.createContext("/", exchange -> {
            ELSEWHERE_REQUESTS.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        elsewhere.start();
        index = packageIndex(Wheelhouse.tinyWheel(Files.createDirectories(workDir.resolve("index")), "1.0"),
                "http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/files/tinypkg-2.0-py3-none-any.whl");
        platform = Platform.start(PlatformOptions.forTests(workDir, Path.of(System.getProperty("kindling.runtime.root")))
                .withOverrides(Map.of("kindling.containment.mode", "isolated", "kindling.conda.builder", "venv",
                        "kindling.conda.venv.index-url", "http://127.0.0.1:" + index.getAddress().getPort()
                                + "/simple/")));
    }

    /** The sandboxes' networks the tests saw: gone once the platform has stopped. */
    private static final List<String> NETWORKS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        if (index != null) {
            index.stop(0);
        }
        if (elsewhere != null) {
            elsewhere.stop(0);
        }
        if (platform != null) {
            platform.close();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(NETWORKS)
                    .allSatisfy(network -> assertThat(Path.of("/run/netns", network)).doesNotExist()));
        }
    }

    @Test
    void userCodeReachesNoListenerOfTheControlPlaneAndReadsNoneOfItsFilesNorAnotherUsers() throws Exception {
        GatewayClient alice = new GatewayClient(platform, "alice");
        GatewayClient mallory = new GatewayClient(platform, "mallory");
        String victim = session(alice);
        String attacker = session(mallory);
        String victimCluster = alice.get("/api/v1/sessions/" + victim).body().get("clusterId").asString();
        String attackerCluster = mallory.get("/api/v1/sessions/" + attacker).body().get("clusterId").asString();
        Path victimDriver = platform.bean(SessionServiceProperties.class).workDir().resolve(victimCluster)
                .toAbsolutePath();
        assertThat(victimDriver.resolve("agent.properties")).exists();
        // L4: the database keeps no agent's secret (it is derived again for each call)
        java.util.Properties agent = new java.util.Properties();
        try (var in = Files.newInputStream(victimDriver.resolve("agent.properties"))) {
            agent.load(in);
        }
        String agentSecret = agent.getProperty("kindling.agent.secret");
        assertThat(agentSecret).isNotBlank();
        assertThat(platform.service("session-service").getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT count(*) FROM driver WHERE cluster_id = :c AND secret IS NULL AND secret_salt IS NOT NULL "
                        + "AND position(:s IN secret_salt) = 0").param("c", victimCluster).param("s", agentSecret)
                .query(Long.class).single()).as("the driver's row keeps a salt, not the secret").isEqualTo(1);
        Path key = platform.bean(AuthProperties.class).signingKeyFile().toAbsolutePath();
        byte[] keyBytes = Files.readAllBytes(key);
        Path pgVersion = workDir.resolve("pgdata").resolve("PG_VERSION");
        assertThat(pgVersion).exists();

        String masterHost = URI.create(platform.bean(io.kindling.provisioning.cluster.ClusterRepository.class)
                .find(attackerCluster).orElseThrow().info().masterUrl()).getHost();
        assertThat(masterHost).as("isolated clusters run on a sandbox's address").startsWith("10.213.");
        NETWORKS.add("kindling-" + sandboxIndex(masterHost));
        assertThat(Path.of("/run/netns", "kindling-" + sandboxIndex(masterHost))).exists();
        String hostEnd = masterHost.substring(0, masterHost.lastIndexOf('.') + 1)
                + (Integer.parseInt(masterHost.substring(masterHost.lastIndexOf('.') + 1)) - 1);
        List<String> targets = new ArrayList<>();
        for (String address : controlPlaneAddresses(hostEnd)) {
            for (int port : controlPlanePorts()) {
                targets.add(address + ":" + port);
            }
        }
        String probe = """
                import json, os, socket
                def connect(target):
                    host, port = target.rsplit(':', 1)
                    s = socket.socket()
                    s.settimeout(3)
                    try:
                        s.connect((host, int(port)))
                        return 'connected'
                    except OSError as e:
                        return type(e).__name__
                    finally:
                        s.close()
                def connect_unix(path):
                    s = socket.socket(socket.AF_UNIX)
                    try:
                        s.connect(path)
                        return 'connected'
                    except OSError as e:
                        return type(e).__name__
                    finally:
                        s.close()
                def read(path):
                    try:
                        with open(path, 'rb') as f:
                            return 'read ' + f.read().hex()
                    except OSError as e:
                        return type(e).__name__
                def probe(_=None):
                    return {'uid': os.getuid(), 'euid': os.geteuid(), 'groups': os.getgroups(),
                            'cgroup': open('/proc/self/cgroup').read(),
                            'connect': {t: connect(t) for t in TARGETS}, 'own master': connect(MASTER),
                            'unix': {p: connect_unix(p) for p in SOCKETS},
                            'read': {p: read(p) for p in FILES}}
                """;
        String setup = probe.replace("TARGETS", JSON.writeValueAsString(targets))
                .replace("MASTER", "'" + masterHost + ":7077'")
                // PostgreSQL's Unix socket would be here (files are not namespaced)
                .replace("SOCKETS", JSON.writeValueAsString(List.of("/tmp/.s.PGSQL." + controlPlanePorts().get(0))))
                .replace("FILES", JSON.writeValueAsString(List.of(key.toString(), pgVersion.toString(),
                        victimDriver.resolve("agent.properties").toString(), victimDriver.resolve("agent.log")
                                .toString())));
        JsonNode onDriver = JSON.readTree(mallory.python(attacker, setup + "print(json.dumps(probe()))"));
        JsonNode onExecutor = JSON.readTree(mallory.python(attacker, setup
                + "print(json.dumps(spark.sparkContext.parallelize([1], 1).map(probe).first()))"));

        for (JsonNode seen : List.of(onDriver, onExecutor)) {
            assertThat(seen.get("uid").asLong()).as("%s", seen).isGreaterThanOrEqualTo(611000);
            assertThat(seen.get("euid").asLong()).isEqualTo(seen.get("uid").asLong());
            assertThat(seen.get("cgroup").asString()).as("held to its cluster's limits: in its sandbox's cgroup")
                    .containsPattern("(?m)^\\d+:(memory|[a-z,]*,memory[a-z,]*|):.*/kindling/kindling-\\d+$");
            assertThat(seen.get("own master").asString()).as("the probe connects where it may").isEqualTo("connected");
            seen.get("connect").properties().forEach(e -> assertThat(e.getValue().asString())
                    .as("a connection from user code to %s", e.getKey()).isNotEqualTo("connected"));
            seen.get("unix").properties().forEach(e -> assertThat(e.getValue().asString())
                    .as("a connection from user code to %s", e.getKey()).isNotEqualTo("connected"));
            seen.get("read").properties().forEach(e -> assertThat(e.getValue().asString())
                    .as("user code reading %s", e.getKey()).isIn("PermissionError", "FileNotFoundError"));
        }
        assertThat(onDriver.toString()).doesNotContain(java.util.HexFormat.of().formatHex(keyBytes));

        // SQL: a script transform runs a command on an executor, as the same unprivileged user
        JsonNode transform = mallory.run(attacker, "sql", "SELECT TRANSFORM(1) USING 'cat " + key + "' AS (k STRING)");
        assertThat(transform.get("status").asString()).as("%s", transform).isEqualTo("error");
        String keyText = new String(keyBytes, java.nio.charset.StandardCharsets.US_ASCII).strip();
        assertThat(keyText).hasSizeGreaterThan(20);
        assertThat(transform.toString()).doesNotContain(keyText);

        // the victim's session still works
        assertThat(alice.value(victim, "SELECT 6 * 7").asInt()).isEqualTo(42);
    }

    @Test
    void aPythonJobRunsInItsSandboxAndWritesToItsDatastore() throws Exception {
        WorkspaceEndToEndTest.grant(new GatewayClient(platform), "default", "iso-jobs", "workspaceblobstore");
        Path store = platform.bean(JobSpecContexts.class).datastores("default").get("workspaceblobstore");
        Path corpus = Files.createDirectories(store.resolve("iso-wc-in"));
        Files.writeString(corpus.resolve("a.txt"), "the fox and the dog\n");
        Path examples = Path.of("../examples/python/wordcount").toAbsolutePath().normalize();
        Map<String, byte[]> code = new java.util.TreeMap<>();
        for (String file : List.of("wordcount.py", "words.py")) {
            code.put(file, Files.readAllBytes(examples.resolve(file)));
        }
        String spec = Files.readString(examples.resolve("job.yml"))
                .replace("paths/corpus", "paths/iso-wc-in").replace("paths/word-counts", "paths/iso-wc-out");
        GatewayClient.Response accepted = JobApiTest.multipart(platform, "iso-jobs", "/api/v1/jobs", null,
                JobApiTest.Part.text("spec", spec), JobApiTest.Part.file("code", "code.zip", JobApiTest.zipOf(code)));
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        String id = accepted.body().get("id").asString();
        GatewayClient client = new GatewayClient(platform, "iso-jobs");
        JsonNode done = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> client.get("/api/v1/jobs/" + id).body(), job -> job != null
                        && List.of("succeeded", "failed", "killed").contains(job.path("state").asString()));

        assertThat(done.get("state").asString()).as("%s", done).isEqualTo("succeeded");
        // written by the sandbox's user, in the datastores' group, which the sandbox's next neighbour also has
        try (var written = Files.walk(store.resolve("iso-wc-out"))) {
            List<Path> parts = written.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
            assertThat(parts).isNotEmpty();
            for (Path part : parts) {
                assertThat(((Number) Files.getAttribute(part, "unix:uid")).longValue()).isGreaterThanOrEqualTo(611000);
                assertThat(((Number) Files.getAttribute(part, "unix:gid")).longValue()).isEqualTo(610999);
                assertThat(String.join("", Files.readAllLines(part))).isNotBlank();
            }
        }

        // user code in another cluster (a session's: no job of this workspace runs there) has the datastores'
        // group too, and knows where the folder is: it gets nothing (M3)
        GatewayClient mallory = new GatewayClient(platform).as("mallory-ds", "other-ws", false);
        GatewayClient.Response created = mallory.post("/api/v1/sessions", "{\"kind\":\"pyspark\"," + SIZE + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String session = created.body().get("id").asString();
        mallory.awaitState(session, "idle", Duration.ofMinutes(3));
        Path part = Files.walk(store.resolve("iso-wc-out")).filter(f -> f.getFileName().toString()
                .startsWith("part-")).findFirst().orElseThrow();
        String seen = mallory.python(session, String.join("\n", "import os",
                "def attempt(what, f):",
                "    try:",
                "        f()",
                "        print(what, 'done')",
                "    except OSError as e:",
                "        print(what, type(e).__name__)",
                "attempt('list', lambda: os.listdir('" + store + "'))",
                "attempt('read', lambda: open('" + part + "').read())",
                "attempt('write', lambda: open('" + store.resolve("planted") + "', 'w').write('x'))",
                "print('groups', sorted(os.getgroups()))"));
        assertThat(seen).as("another cluster's user code in the folder").contains("list PermissionError")
                .contains("read PermissionError").contains("write PermissionError").contains("610999");
        assertThat(store.resolve("planted")).doesNotExist();
    }

    @Test
    void aSessionsEnvironmentIsBuiltInASandboxThatReachesTheIndexThroughItsProxyOnly() throws Exception {
        GatewayClient carol = new GatewayClient(platform, "carol");
        String id = pysparkWith(carol, "tinypkg==1.0");
        JsonNode started = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> carol.get("/api/v1/sessions/" + id).body(),
                        s -> List.of("idle", "failed").contains(s.path("state").asString()));
        assertThat(started.get("state").asString()).as("%s%nthe build's log:%n%s", started,
                carol.text("/api/v1/environments/" + carol.get("/api/v1/sessions/" + id + "/environment").body()
                        .path("hash").asString() + "/log")).isEqualTo("idle");

        // built by a sandbox's user (the index is on loopback: only the build's proxy could fetch from it)
        assertThat(INDEX_REQUESTS).as("what the index served").anyMatch(r -> r.startsWith("/simple/tinypkg/"))
                .anyMatch(r -> r.startsWith("/files/tinypkg-1.0-py3-none-any.whl"));
        String hash = carol.get("/api/v1/sessions/" + id + "/environment").body().get("hash").asString();
        String log = carol.text("/api/v1/environments/" + hash + "/log");
        assertThat(log).contains("Successfully installed tinypkg-1.0");
        // and used by the session's own sandboxed Python
        assertThat(carol.python(id, "import tinypkg, os\nprint(tinypkg.hello(), os.getuid() >= 611000)"))
                .contains("tinypkg 1.0 says hi True");
    }

    @Test
    void aBuildThatReachesForAHostNotAllowedFailsNamingIt() throws Exception {
        GatewayClient carol = new GatewayClient(platform, "carol");
        String id = pysparkWith(carol, "tinypkg==2.0");
        JsonNode failed = carol.awaitState(id, "failed", Duration.ofMinutes(3));

        String refused = "127.0.0.2:" + elsewhere.getAddress().getPort();
        assertThat(failed.get("message").asString()).as("what the user reads")
                .contains("refused connections to " + refused).contains("not package sources this install allows");
        String hash = carol.get("/api/v1/sessions/" + id + "/environment").body().get("hash").asString();
        assertThat(carol.text("/api/v1/environments/" + hash + "/log")).as("the build's log")
                .contains("refused the build a connection to " + refused);
        assertThat(ELSEWHERE_REQUESTS).as("what the host no build may reach was asked").isEmpty();
    }

    /** Creates a PySpark session whose environment pip-installs {@code requirement}; its id. */
    private static String pysparkWith(GatewayClient client, String requirement) throws Exception {
        String python = platform.bean(io.kindling.kit.environment.RuntimeEnvironments.class).python().version();
        String conda = "dependencies:\n  - python=" + python.substring(0, python.lastIndexOf('.'))
                + "\n  - pip:\n    - " + requirement + "\n";
        GatewayClient.Response created = client.post("/api/v1/sessions", "{\"kind\":\"pyspark\"," + SIZE
                + ",\"conda\":" + JSON.writeValueAsString(conda) + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        return created.body().get("id").asString();
    }

    /**
     * A PEP 503 index of {@code wheel} on this host's loopback ({@code /simple/<name>/} and {@code /files/}), noting
     * each request's path; its page also lists {@code elsewhere}, a file on another host.
     */
    private static com.sun.net.httpserver.HttpServer packageIndex(Path wheel, String elsewhere)
            throws java.io.IOException {
        String file = wheel.getFileName().toString();
        String name = file.substring(0, file.indexOf('-'));
        byte[] bytes = Files.readAllBytes(wheel);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            INDEX_REQUESTS.add(path);
            byte[] body = path.equals("/simple/" + name + "/")
                    ? ("<html><body><a href=\"/files/" + file + "\">" + file + "</a><a href=\"" + elsewhere + "\">"
                            + elsewhere.substring(elsewhere.lastIndexOf('/') + 1) + "</a></body></html>")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : path.equals("/files/" + file) ? bytes : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", path.startsWith("/simple/") ? "text/html"
                        : "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Where the control plane listens, as user code in a sandbox could try it: loopback, the host's end of its link,
     * and the host's other addresses. */
    private static List<String> controlPlaneAddresses(String hostEnd) throws Exception {
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1", hostEnd));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .map(a -> a.getHostAddress()).filter(a -> !a.startsWith("10.213.")).forEach(addresses::add);
        }
        return addresses;
    }

    /** PostgreSQL, Kafka and every internal service's port. */
    private static List<Integer> controlPlanePorts() {
        List<Integer> ports = new ArrayList<>();
        String jdbc = platform.service("session-service").getEnvironment().getRequiredProperty("DATABASE_URL");
        ports.add(URI.create(jdbc.substring("jdbc:".length())).getPort());
        ports.add(Integer.parseInt(platform.kafkaBootstrap().substring(platform.kafkaBootstrap().lastIndexOf(':') + 1)));
        for (String name : List.of("session-service", "provisioning-service", "teardown-service", "conda-service")) {
            ports.add(Integer.parseInt(platform.service(name).getEnvironment().getRequiredProperty("local.server.port")));
        }
        ports.add(Integer.parseInt(platform.service("gateway-service").getEnvironment()
                .getRequiredProperty("local.management.port")));
        return ports;
    }

    private static int sandboxIndex(String address) {
        String[] o = address.split("\\.");
        return (Integer.parseInt(o[2]) * 256 + Integer.parseInt(o[3])) / 4;
    }

    private static String session(GatewayClient user) {
        GatewayClient.Response created = user.post("/api/v1/sessions", "{\"kind\":\"pyspark\"," + SIZE + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String id = created.body().get("id").asString();
        user.awaitState(id, "idle", Duration.ofMinutes(4));
        return id;
    }
}
