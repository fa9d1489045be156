package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of each service in turn in the middle of a session start (after the gateway accepted it, before the
 * session is idle), then a restart: the session still becomes idle and runs a statement, it has exactly one cluster,
 * no event was applied twice (each state once in the session's and the cluster's history) and nothing waits for
 * ever. The service under test runs as a process of its own for the kill (the others stay in the shared platform's
 * JVM), and comes back in the platform as its restart.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class ServiceCrashEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\"";
    private static final List<String> UP_TO_IDLE = List.of("requested", "preparing", "starting", "idle");
    /** With an environment, the session notes whichever of its cluster and its environment came first. */
    private static final List<String> UP_TO_IDLE_WITH_ENVIRONMENT = List.of("requested", "preparing", "preparing",
            "starting", "idle");

    @Test
    void gatewayKilledRightAfterAcceptingTheSession() {
        GatewayClient gateway = client("crash-gateway");
        // killed at once after the 202: the SessionRequested may still wait in the gateway's outbox
        Crash crash = crash("gateway-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600}", id -> { }, id -> { });
        assertStartedOnce(crash, gateway, UP_TO_IDLE);
        end(gateway, crash.sessionId());
    }

    @Test
    void sessionServiceKilledWhileTheDriverStarts() {
        GatewayClient gateway = client("crash-session");
        // the driver exits with its parent; the start is taken up again after the restart
        Crash crash = crash("session-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600}",
                id -> awaitState(gateway, id, "starting"::equals), id -> { });
        JsonNode idle = assertStartedOnce(crash, gateway, UP_TO_IDLE);
        assertThat(idle.get("history").toString()).contains("driver ready on cluster");
        end(gateway, crash.sessionId());
    }

    @Test
    void provisioningServiceKilledWhileTheClusterStarts() {
        GatewayClient gateway = client("crash-provisioning");
        // killed once the cluster is recorded PROVISIONING and its master is on the way; its Spark processes go with
        // it (supervised), and the restart starts the cluster again under the same id
        Crash crash = crash("provisioning-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600}",
                id -> await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                        .until(() -> gateway.get("/api/v1/clusters/" + clusterOf(id)).status() == 200), id -> { });
        assertStartedOnce(crash, gateway, UP_TO_IDLE);
        end(gateway, crash.sessionId());
    }

    @Test
    void teardownServiceKilledDuringTheStartStillTimesTheSessionOut() {
        GatewayClient gateway = client("crash-teardown");
        // four "minutes" are four seconds here: the session is idle before teardown-service is back, so its
        // inactivity deadline is scheduled after the restart
        Crash crash = crash("teardown-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":4}",
                id -> awaitState(gateway, id, "preparing"::equals),
                id -> gateway.awaitState(id, "idle", Duration.ofMinutes(4)));
        String id = crash.sessionId();
        JsonNode ended = gateway.awaitState(id, "ended", Duration.ofMinutes(1));
        System.out.println("crash of teardown-service: session timed out " + crash.service().millisSinceRestart()
                + " ms after the restart");
        assertThat(ended.get("endReason").asString()).isEqualTo("TIMED_OUT");
        assertThat(SessionEndToEndTest.states(ended)).containsExactly("requested", "preparing", "starting", "idle",
                "ending", "ended");
        List<String> timeline = new ArrayList<>();
        gateway.get("/api/v1/sessions/" + id + "/timeline").body().get("events")
                .forEach(e -> timeline.add(e.get("source").asString() + ":" + e.get("state").asString()));
        // the inactivity deadline: scheduled once (after the restart), fired once
        assertThat(timeline).containsSubsequence("session:idle", "deadline:scheduled", "deadline:fired",
                "session:ending");
        assertThat(timeline.subList(0, timeline.indexOf("session:ending"))).containsOnlyOnce("deadline:scheduled",
                "deadline:fired");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> clusterStates(gateway, id).contains("warm"));
        assertThat(clusterStates(gateway, id)).startsWith("provisioning", "reserved", "warm");
    }

    @Test
    void condaServiceKilledWhileTheEnvironmentBuilds() throws Exception {
        GatewayClient gateway = client("crash-conda");
        String python = SharedPlatform.bean(io.kindling.kit.environment.RuntimeEnvironments.class).python().version();
        python = python.substring(0, python.indexOf('.', python.indexOf('.') + 1));
        Wheelhouse.tinyWheel(SharedPlatform.wheelhouse(), "3.0");
        String yaml = "name: crash-env\\nchannels: [conda-forge]\\ndependencies:\\n  - python=" + python
                + "\\n  - pip\\n  - pip:\\n    - tinypkg==3.0\\n";
        // the build is cut off: conda-service builds it again from the start
        Crash crash = crash("conda-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600,\"conda\":\"" + yaml
                + "\"}", id -> await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    GatewayClient.Response environment = gateway.get("/api/v1/sessions/" + id + "/environment");
                    return environment.status() == 200
                            && environment.body().get("state").asString().equals("building");
                }), id -> { });
        String id = crash.sessionId();
        assertStartedOnce(crash, gateway, UP_TO_IDLE_WITH_ENVIRONMENT);
        JsonNode environment = gateway.get("/api/v1/sessions/" + id + "/environment").body();
        assertThat(environment.get("state").asString()).isEqualTo("ready");
        String hash = environment.get("hash").asString();
        assertThat(gateway.text("/api/v1/environments/" + hash + "/log"))
                .contains("conda-service restarted; building again from the start")
                .contains("Successfully installed tinypkg-3.0");
        assertThat(gateway.run(id, "SELECT TRANSFORM(id) USING './environment/bin/python -c \"import tinypkg, sys; "
                + "[print(tinypkg.hello()) for line in sys.stdin]\"' AS (line STRING) FROM range(1)").toString())
                .contains("tinypkg 3.0 says hi");
        end(gateway, id);
    }

    private static GatewayClient client(String user) {
        return new GatewayClient(SharedPlatform.platform()).as(user);
    }

    /** The session started, and the service killed while it started. */
    private record Crash(String sessionId, ServiceProcess service) {
    }

    /**
     * Runs {@code service} as a process of its own, creates a session with {@code body}, waits with {@code midStart}
     * until the start is where the kill should land, kills the service ({@code -9}), waits with {@code whileDown} and
     * puts the service back in the platform.
     */
    private static Crash crash(String service, GatewayClient gateway, String body, Consumer<String> midStart,
                               Consumer<String> whileDown) {
        Path logs = SharedPlatform.spans().getParent().resolveSibling("crash");
        ServiceProcess process = ServiceProcess.start(SharedPlatform.platform(), service, logs);
        try {
            String id = create(gateway, body);
            midStart.accept(id);
            process.kill();
            whileDown.accept(id);
            process.restartInPlatform();
            return new Crash(id, process);
        } finally {
            process.close();
        }
    }

    private static String create(GatewayClient gateway, String body) {
        GatewayClient.Response created = gateway.post("/api/v1/sessions", body);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(202);
        return created.body().get("id").asString();
    }

    private static String clusterOf(String sessionId) {
        return "kc-" + sessionId + "-1";
    }

    /** Polls the session while services come and go: a 503 of a service that is away is no answer yet. */
    private static void awaitState(GatewayClient gateway, String id, Predicate<String> state) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            GatewayClient.Response session = gateway.get("/api/v1/sessions/" + id);
            return session.status() == 200 && state.test(session.body().get("state").asString());
        });
    }

    /** The session is idle on its one cluster, each state once, and runs a statement. */
    private static JsonNode assertStartedOnce(Crash crash, GatewayClient gateway, List<String> states) {
        String id = crash.sessionId();
        awaitState(gateway, id, s -> true);
        JsonNode idle = gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        // a figure for docs/reliability.md, not an assertion
        System.out.println("crash of " + crash.service() + ": session idle " + crash.service().millisSinceRestart()
                + " ms after the restart");
        assertThat(SessionEndToEndTest.states(idle)).containsExactlyElementsOf(states);
        List<String> reasons = new ArrayList<>();
        idle.get("history").forEach(h -> reasons.add(h.get("reason").asString()));
        assertThat(reasons).doesNotHaveDuplicates();
        assertThat(idle.get("clusterId").asString()).isEqualTo(clusterOf(id));
        assertThat(clusterStates(gateway, id)).containsExactly("provisioning", "reserved");
        List<String> clusters = new ArrayList<>();
        gateway.get("/api/v1/clusters").body().get("clusters").forEach(c -> clusters.add(c.get("id").asString()));
        assertThat(clusters).filteredOn(c -> c.contains(id)).containsExactly(clusterOf(id));
        assertThat(gateway.run(id, "SELECT 6 * 7 AS answer").toString()).contains("42");
        return idle;
    }

    private static List<String> clusterStates(GatewayClient gateway, String id) {
        List<String> states = new ArrayList<>();
        gateway.get("/api/v1/clusters/" + clusterOf(id)).body().get("history")
                .forEach(h -> states.add(h.get("state").asString()));
        return states;
    }

    private static void end(GatewayClient gateway, String id) {
        assertThat(gateway.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        gateway.awaitState(id, "ended", Duration.ofMinutes(1));
    }
}
