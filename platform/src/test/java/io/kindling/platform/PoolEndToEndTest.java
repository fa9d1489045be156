package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kindling.events.ClusterSize;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.provisioning.backend.ClusterBackend;
import io.kindling.provisioning.backend.ClusterInfo;
import io.kindling.provisioning.backend.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A real standalone cluster, started here as an organisation would run one, attached as a pool: sessions and jobs
 * naming it run there with its conf and jars, a table one session creates is there in the next, it outlives them
 * (no teardown, however long the grace), and detaching it refuses while a session runs unless forced.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class PoolEndToEndTest {

    private static final String WS = "ws-pools";
    private static ClusterBackend backend;
    private static ClusterInfo pool;
    private static GatewayClient admin;
    private static GatewayClient member;

    @BeforeAll
    static void startTheOrganisationsCluster() {
        backend = SharedPlatform.bean(ClusterBackend.class);
        SparkRuntime runtime = SharedPlatform.bean(RuntimeCatalog.class).find("4.2").orElseThrow();
        ClusterSpec spec = new ClusterSpec("org-pool-" + Long.toHexString(System.nanoTime()), runtime,
                new ClusterSize(2, 1, 1024, 1, 768), true);
        pool = backend.start(spec);
        backend.awaitWorkers(spec, pool);
        GatewayClient gateway = new GatewayClient(SharedPlatform.platform());
        admin = gateway.as("pool-ada", WS, true);
        member = gateway.as("pool-max", WS, false);
    }

    @AfterAll
    static void stopIt() {
        if (pool != null) {
            backend.destroy(pool);
        }
    }

    @Test
    void attachingChecksWhatItIsGiven() {
        int closedPort = 1;
        assertProblem(admin.post("/api/v1/pools", attach("unreachable", "spark://127.0.0.1:" + closedPort,
                pool.restUrl(), "{}", "[]")), "POOL_UNREACHABLE", "masterUrl");
        assertProblem(admin.post("/api/v1/pools", attach("no-rest", pool.masterUrl(), "http://127.0.0.1:" + closedPort,
                "{}", "[]")), "POOL_UNREACHABLE", "restUrl");
        assertProblem(admin.post("/api/v1/pools", attach("bad-url", "http://x", pool.restUrl(), "{}", "[]")),
                "INVALID_FIELD", "masterUrl");
        assertProblem(admin.post("/api/v1/pools", attach("no-jar", pool.masterUrl(), pool.restUrl(), "{}",
                "[\"" + JobBusEndToEndTest.EXAMPLES.resolveSibling("no-such.jar") + "\"]")), "FILE_NOT_FOUND",
                "jars[0]");
        assertProblem(admin.post("/api/v1/pools", attach("host-jar", pool.masterUrl(), pool.restUrl(), "{}",
                "[\"/nonexistent/lib.jar\"]")), "HOST_PATH_REFUSED", "jars[0]");
        assertProblem(admin.post("/api/v1/pools", attach("master-conf", pool.masterUrl(), pool.restUrl(),
                "{\"spark.master\":\"local\"}", "[]")), "RESERVED_CONF", "conf.spark.master");
        assertProblem(admin.post("/api/v1/pools", attach("agent-conf", pool.masterUrl(), pool.restUrl(),
                "{\"spark.driver.extraJavaOptions\":\"-javaagent:/tmp/a.jar\"}", "[]")), "CONF_NOT_ALLOWED",
                "conf.spark.driver.extraJavaOptions");
        assertProblem(admin.post("/api/v1/pools", attach("Bad_Name", pool.masterUrl(), pool.restUrl(), "{}", "[]")),
                "INVALID_FIELD", "name");
        GatewayClient.Response denied = member.post("/api/v1/pools", attach("by-member", pool.masterUrl(),
                pool.restUrl(), "{}", "[]"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/pools").body().get("pools").findValuesAsString("name"))
                .doesNotContain("unreachable", "no-rest", "by-member", "agent-conf", "host-jar");
    }

    @Test
    void sessionsAndJobsRunOnThePoolWhichOutlivesThemAndIsDetachedOnlyWhenIdleOrForced() {
        String name = "lab-" + Long.toHexString(System.nanoTime() & 0xffffff);
        String jar = JobBusEndToEndTest.EXAMPLES.toString();
        GatewayClient.Response attached = admin.post("/api/v1/pools", attach(name, pool.masterUrl(), pool.restUrl(),
                "{\"spark.sql.shuffle.partitions\":\"7\"}", "[\"" + jar + "\"]")
                .replace("\"conf\":", "\"webUiUrl\":\"" + pool.webUiUrl() + "\",\"conf\":"));
        assertThat(attached.status()).as("%s", attached.body()).isEqualTo(201);
        assertThat(attached.body().get("sparkVersion").asString()).startsWith("4.2");
        assertThat(attached.body().get("identity").get("type").asString()).isEqualTo("system_assigned");
        assertThat(member.get("/api/v1/pools").body().get("pools").findValuesAsString("name")).contains(name);
        assertThat(admin.post("/api/v1/pools", attach(name, pool.masterUrl(), pool.restUrl(), "{}", "[]")).status())
                .isEqualTo(409);

        // a session on the pool: the pool's conf and jars, the session's own conf where the pool sets nothing
        String first = session(name,
                "{\"spark.sql.adaptive.enabled\":\"false\",\"spark.sql.shuffle.partitions\":\"3\"}");
        member.awaitState(first, "idle", Duration.ofMinutes(3));
        assertThat(conf(member, first, "spark.sql.shuffle.partitions")).as("the pool admin's value wins")
                .isEqualTo("7");
        assertThat(conf(member, first, "spark.jars")).endsWith("/kindling-examples.jar");
        assertThat(conf(member, first, "spark.sql.adaptive.enabled")).isEqualTo("false");
        assertThat(admin.get("/api/v1/pools/" + name).body().get("uses").findValuesAsString("id")).contains(first);
        // another member learns how busy the pool is, not whose sessions run there
        JsonNode seenByOthers = gatewayAs("pool-eve").get("/api/v1/pools/" + name).body();
        assertThat(seenByOthers.has("uses")).as("%s", seenByOthers).isFalse();
        assertThat(seenByOthers.get("useCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(seenByOthers.toString()).doesNotContain(first);
        String table = "t_" + name.replace('-', '_');
        member.rows(first, "CREATE TABLE " + table + " (id INT, name STRING) USING parquet");
        member.rows(first, "INSERT INTO " + table + " VALUES (1, 'one'), (2, 'two')");
        member.rows(first, "CREATE VIEW " + table + "_v AS SELECT name FROM " + table + " WHERE id = 2");

        GatewayClient.Response refused = admin.delete("/api/v1/pools/" + name);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("code").asString()).isEqualTo("POOL_IN_USE");
        assertThat(refused.body().get("uses").findValuesAsString("id")).contains(first);

        member.delete("/api/v1/sessions/" + first);
        member.awaitState(first, "ended", Duration.ofMinutes(1));

        // a job on the pool, as its system-assigned identity
        String job = member.post("/api/v1/jobs", JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.SparkPi}
                jars: [kindling-examples.jar]
                args: "4"
                """).replaceAll("(?s)resources:.*", "compute: " + name + "\n").replace("code: ./target", "code: "
                + JobBusEndToEndTest.EXAMPLES.getParent()), "application/yaml", null).body().get("id").asString();
        JsonNode done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> member.get("/api/v1/jobs/" + job).body(), j -> j != null
                        && List.of("succeeded", "failed", "killed").contains(j.path("state").asString()));
        assertThat(done.get("state").asString()).as("%s", done).isEqualTo("succeeded");
        assertThat(done.get("identity").get("type").asString()).isEqualTo("system");
        assertThat(done.get("identity").get("name").asString()).isEqualTo(name);
        assertThat(member.text("/api/v1/jobs/" + job + "/log")).contains("Pi is roughly 3.1");

        // on a pool, the job reaches data as the pool's identity, which needs its roles like any other
        String readsStore = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.WordCount}
                jars: [kindling-examples.jar]
                inputs:
                  corpus: {type: uri_folder, path: kindling://datastores/workspaceblobstore/paths/in, mode: direct}
                outputs:
                  counts: {type: uri_folder, path: kindling://datastores/workspaceblobstore/paths/out}
                args: ${{inputs.corpus}} ${{outputs.counts}}
                """).replaceAll("(?s)resources:.*", "compute: " + name + "\n").replace("code: ./target", "code: "
                + JobBusEndToEndTest.EXAMPLES.getParent());
        GatewayClient.Response noRole = member.post("/api/v1/jobs", readsStore, "application/yaml", null);
        assertProblem(noRole, "MISSING_ROLE_ASSIGNMENT", "inputs.corpus.path");
        assertThat(noRole.body().get("identity").toString()).contains("\"system\"", name);
        assertProblem(member.post("/api/v1/jobs", readsStore + "identity: {type: managed, client_id: not-the-pools}\n",
                "application/yaml", null), "IDENTITY_NOT_FOUND", "identity");
        assertThat(admin.post("/api/v1/workspaces", "{\"name\":\"" + WS + "\"}").status()).isIn(201, 409);
        assertThat(admin.post("/api/v1/workspaces/" + WS + "/role-assignments", "{\"principal\":{\"type\":"
                + "\"system\",\"name\":\"" + name + "\"},\"role\":\"Contributor\",\"datastore\":"
                + "\"workspaceblobstore\"}").status()).isEqualTo(201);

        // a session on a pool times out like any other (2 minutes here last 2 s); its driver goes, the pool stays
        GatewayClient.Response idleOne = member.post("/api/v1/sessions", "{\"compute\":\"" + name + "\","
                + "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"512m\","
                + "\"timeoutMinutes\":2}");
        assertThat(idleOne.status()).as("%s", idleOne.body()).isEqualTo(202);
        JsonNode timedOut = member.awaitState(idleOne.body().get("id").asString(), "ended", Duration.ofMinutes(3));
        assertThat(timedOut.get("endReason").asString()).isEqualTo("TIMED_OUT");

        // Kindling never tears a pool down: through and well past the grace (6 s here), every process of it lives
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> pool.pids().stream()
                .allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertThat(admin.get("/api/v1/pools/" + name).body().get("uses")).isEmpty();

        // a forced detach ends the session on it and leaves the pool running
        String second = session(name, "{}");
        member.awaitState(second, "idle", Duration.ofMinutes(3));
        // the pool's catalog: the first session's table and view, in a new driver
        assertThat(member.value(second, "SELECT count(*) FROM " + table).asLong()).isEqualTo(2);
        assertThat(member.value(second, "SELECT * FROM " + table + "_v").asString()).isEqualTo("two");
        GatewayClient.Response forced = admin.delete("/api/v1/pools/" + name + "?force=true");
        assertThat(forced.status()).as("%s", forced.body()).isEqualTo(200);
        assertThat(forced.body().get("state").asString()).isEqualTo("detached");
        JsonNode ended = member.awaitState(second, "ended", Duration.ofMinutes(1));
        assertThat(ended.get("message").asString()).contains("pool was detached");
        assertThat(pool.pids()).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        GatewayClient.Response gone = member.post("/api/v1/sessions", "{\"compute\":\"" + name + "\"}");
        assertProblem(gone, "COMPUTE_NOT_FOUND", "compute");
    }

    @Test
    void isolatedASessionsDriverOnAPoolWhoseNetworkKindlingDoesNotManageIsRefused() throws Exception {
        assumeTrue(SharedPlatform.bean(Containment.class).isolated(), "user code runs isolated on this host only");
        // a real standalone master outside every sandbox, as an organisation's pool is: its drivers would need its
        // network, so they would run on Kindling's host, uncontained
        SparkRuntime runtime = SharedPlatform.bean(RuntimeCatalog.class).find("4.2").orElseThrow();
        int[] ports = freePorts(3);
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Xmx256m"));
        command.addAll(runtime.moduleOptions());
        command.addAll(List.of("-Dspark.master.rest.enabled=true", "-Dspark.master.rest.host=127.0.0.1",
                "-Dspark.master.rest.port=" + ports[2], "-cp", runtime.classpath(),
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(ports[0]),
                "--webui-port", String.valueOf(ports[1])));
        ProcessBuilder master = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("outside-master", ".log").toFile());
        master.environment().put("SPARK_HOME", runtime.home().toString());
        Process outside = master.start();
        String name = "outside-" + Long.toHexString(System.nanoTime() & 0xffffff);
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> admin.post(
                    "/api/v1/pools", attach(name, "spark://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[2],
                            "{}", "[]")).status() == 201);

            String id = session(name, "{}");
            JsonNode failed = member.awaitState(id, "failed", Duration.ofMinutes(2));
            assertThat(failed.get("endReason").asString()).isEqualTo("CLUSTER_FAILED");
            assertThat(failed.get("message").asString()).as("what the user reads")
                    .contains("would run on Kindling's host uncontained")
                    .contains("kindling.containment.allow-uncontained-pool-drivers");
            // nothing of the refused session holds the pool: it detaches without force
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.delete("/api/v1/pools/" + name).status() == 200);
        } finally {
            admin.delete("/api/v1/pools/" + name + "?force=true");
            outside.descendants().forEach(ProcessHandle::destroy);
            outside.destroy();
            outside.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static int[] freePorts(int n) throws java.io.IOException {
        int[] ports = new int[n];
        java.net.ServerSocket[] sockets = new java.net.ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new java.net.ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (java.net.ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    private static String session(String pool, String conf) {
        GatewayClient.Response created = member.post("/api/v1/sessions", "{\"compute\":\"" + pool + "\","
                + "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"512m\",\"conf\":" + conf + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        return created.body().get("id").asString();
    }

    /** The value a session's Spark conf has for {@code key} ({@code SET key} answers one row: key, value). */
    private static String conf(GatewayClient client, String sessionId, String key) {
        JsonNode rows = client.rows(sessionId, "SET " + key);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0).asString()).isEqualTo(key);
        return rows.get(0).get(1).asString();
    }

    private static GatewayClient gatewayAs(String user) {
        return new GatewayClient(SharedPlatform.platform()).as(user, WS, false);
    }

    private static String attach(String name, String master, String rest, String conf, String jars) {
        return "{\"name\":\"" + name + "\",\"masterUrl\":\"" + master + "\",\"restUrl\":\"" + rest + "\","
                + "\"conf\":" + conf + ",\"jars\":" + jars + "}";
    }

    private static void assertProblem(GatewayClient.Response response, String code, String field) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.body().get("code").asString()).isEqualTo(code);
        assertThat(response.body().get("field").asString()).isEqualTo(field);
    }
}
