package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.conda.CondaProperties;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.SessionRequested;
import io.kindling.events.Topics;
import io.kindling.provisioning.ProvisioningProperties;
import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.session.session.SessionRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of each service in turn in the middle of a session start (after the gateway accepted it, before the
 * session is idle), then a restart: the session still becomes idle and runs a statement, and what the test counts is
 * what really exists, not what a row says: one ClusterProvisioned on the bus for the session, one live Spark master of
 * its clusters in the process table (the one the backend recorded last), each state once in the session's and the
 * cluster's history and no transition asked for and refused (a repeat the lifecycle swallowed would be one), the dead
 * service's consumers given up by the broker well before Kafka's default would, and nothing waits for ever. The service
 * under test runs as a process of its own for the kill (the others stay in the shared platform's JVM), and comes back
 * in the platform as its restart.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class ServiceCrashEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\"";
    private static final List<String> UP_TO_IDLE = List.of("requested", "preparing", "starting", "idle");
    /** With an environment, the session notes whichever of its cluster and its environment came first. */
    private static final List<String> UP_TO_IDLE_WITH_ENVIRONMENT = List.of("requested", "preparing", "preparing",
            "starting", "idle");
    /**
     * Kindling sets {@code session.timeout.ms} to 10 s so that a restarted service gets its partitions soon; with
     * Kafka's default (45 s) a dead member would hold them that long. A dead service's members must be gone before.
     */
    private static final Duration MEMBERS_RELEASED_WITHIN = Duration.ofSeconds(35);

    /** Where the local backend keeps each cluster's directory (and its record of the processes it started). */
    private static Path clusters;
    /** Where conda-service builds environments. */
    private static Path condaWork;

    @BeforeAll
    static void workDirs() {
        clusters = SharedPlatform.bean(ProvisioningProperties.class).workDir();
        condaWork = SharedPlatform.bean(CondaProperties.class).workDir().toAbsolutePath();
    }

    @Test
    void gatewayKilledWithTheSessionRequestStillInItsOutbox() {
        GatewayClient gateway = client("crash-gateway");
        // the gateway cannot reach the bus, so the SessionRequested of the session it accepts stays in its outbox;
        // killed so, it must not lose it: the restarted gateway publishes it, once
        Crash crash = crash("gateway-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600}",
                ServiceCrashEndToEndTest::withoutTheBus, "/livez", id -> {
                    assertThat(unsent("gateway", id)).as("the gateway's unsent outbox rows for the session")
                            .containsExactly(SessionRequested.TYPE);
                    assertThat(requestsOnTheBus(id)).as("SessionRequested on the bus before the kill").isEmpty();
                }, id -> { });
        assertStartedOnce(crash, gateway, UP_TO_IDLE, 1);
        assertThat(requestsOnTheBus(crash.sessionId())).as("SessionRequested on the bus after the restart").hasSize(1);
        end(gateway, crash.sessionId());
    }

    @Test
    void sessionServiceKilledWhileTheDriverStarts() {
        GatewayClient gateway = client("crash-session");
        // the driver exits with its parent; the start is taken up again after the restart
        Crash crash = crash("session-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600}",
                id -> awaitState(gateway, id, "starting"::equals), id -> { });
        JsonNode idle = assertStartedOnce(crash, gateway, UP_TO_IDLE, 1);
        assertThat(idle.get("history").toString()).contains("driver ready on cluster");
        end(gateway, crash.sessionId());
    }

    @Test
    void provisioningServiceKilledWhileTheClusterStarts() {
        GatewayClient gateway = client("crash-provisioning");
        // killed once the cluster is recorded PROVISIONING and its master has been started; its Spark processes go
        // with it (supervised), and the restart starts the cluster again under the same id
        List<ClusterProcesses.Launch> killed = new ArrayList<>();
        Crash crash = crash("provisioning-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600}", id -> {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !ClusterProcesses.mastersLaunched(clusters, clusterOf(id)).isEmpty());
            killed.addAll(ClusterProcesses.launched(clusters, clusterOf(id)));
        }, id -> {
            // every process the dead service had started for the cluster went with it, before the restart (which
            // would clean up after it from its record, and so hide processes that outlived it)
            assertThat(killed).isNotEmpty();
            await("the processes of the killed service's cluster start gone").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> killed.stream().noneMatch(ClusterProcesses.Launch::alive));
            assertThat(ClusterProcesses.running("kc-" + id + "-")).extracting(ClusterProcesses.Running::pid)
                    .as("live processes of the killed start").doesNotContainAnyElementsOf(killed.stream()
                            .map(ClusterProcesses.Launch::pid).toList());
        });
        assertStartedOnce(crash, gateway, UP_TO_IDLE, 2);
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
        assertThat(timeline.subList(0, timeline.indexOf("session:ending")))
                .as("the inactivity deadline's entries before the session ended")
                .containsOnlyOnce("deadline:scheduled", "deadline:fired");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> clusterStates(gateway, id).contains("warm"));
        assertThat(clusterStates(gateway, id)).startsWith("provisioning", "reserved", "warm");
        assertNothingRefused(id);
        assertThat(crash.membersReleased().join()).isLessThan(MEMBERS_RELEASED_WITHIN);
    }

    @Test
    void condaServiceKilledWhileTheEnvironmentBuilds() throws Exception {
        GatewayClient gateway = client("crash-conda");
        String python = SharedPlatform.bean(io.kindling.kit.environment.RuntimeEnvironments.class).python().version();
        python = python.substring(0, python.indexOf('.', python.indexOf('.') + 1));
        Wheelhouse.tinyWheel(SharedPlatform.wheelhouse(), "3.0");
        String yaml = "name: crash-env\\nchannels: [conda-forge]\\ndependencies:\\n  - python=" + python
                + "\\n  - pip\\n  - pip:\\n    - tinypkg==3.0\\n";
        // the build is cut off while its installer runs: its processes go with conda-service, and the restarted
        // service builds it again from the start
        Crash crash = crash("conda-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600,\"conda\":\"" + yaml
                + "\"}", id -> await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !installers().isEmpty()),
                id -> await("the installer processes of the killed conda-service gone").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(100)).until(() -> installers().isEmpty()));
        String id = crash.sessionId();
        assertStartedOnce(crash, gateway, UP_TO_IDLE_WITH_ENVIRONMENT, 1);
        JsonNode environment = gateway.get("/api/v1/sessions/" + id + "/environment").body();
        assertThat(environment.get("state").asString()).isEqualTo("ready");
        String hash = environment.get("hash").asString();
        assertThat(gateway.text("/api/v1/environments/" + hash + "/log"))
                .contains("conda-service restarted; building again from the start")
                .contains("Successfully installed tinypkg-3.0");
        assertThat(gateway.value(id, "SELECT TRANSFORM(id) USING './environment/bin/python -c \"import tinypkg, sys; "
                + "[print(tinypkg.hello()) for line in sys.stdin]\"' AS (line STRING) FROM range(1)").asString())
                .isEqualTo("tinypkg 3.0 says hi");
        end(gateway, id);
    }

    @Test
    void condaServiceKilledInAnInstallThatNeverEndsLeavesNoInstallerBehind() throws Exception {
        GatewayClient gateway = client("crash-conda-sleepy");
        // a package whose build backend starts a child and both sleep for ten minutes, writing their pids: an
        // installer that outlived conda-service would run on long after the kill
        Path pidFile = SharedPlatform.wheelhouse().resolveSibling("crash-sleepy.pids");
        Files.deleteIfExists(pidFile);
        Wheelhouse.sleepySdist(SharedPlatform.wheelhouse(), pidFile);
        String yaml = "name: crash-sleepy\\nchannels: [conda-forge]\\ndependencies:\\n  - python=" + pythonMinor()
                + "\\n  - pip\\n  - pip:\\n    - sleepy==1.0\\n";
        List<Long> installing = new ArrayList<>();
        Crash crash = crash("conda-service", gateway, "{" + SIZE + ",\"timeoutMinutes\":600,\"conda\":\"" + yaml
                + "\"}", id -> {
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                            .until(() -> pids(pidFile).size() == 2);
                    installing.addAll(pids(pidFile));
                }, id -> await("the installer processes of the killed conda-service gone")
                        .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> installing.stream().noneMatch(ClusterProcesses::alive)));
        // taken up again, the install never ends either: the install limit (30 s here) fails the session
        JsonNode failed = gateway.awaitState(crash.sessionId(), "failed", Duration.ofMinutes(2));
        assertThat(failed.get("endReason").asString()).isEqualTo("ENVIRONMENT_FAILED");
        assertThat(failed.get("message").asString()).contains("INSTALL_TIMEOUT");
    }

    /** The pids a file lists (none while it is missing). */
    private static List<Long> pids(Path file) {
        try {
            return Files.exists(file) ? java.util.Arrays.stream(Files.readString(file).trim().split(" "))
                    .filter(p -> !p.isBlank()).map(Long::parseLong).toList() : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String pythonMinor() {
        String python = SharedPlatform.bean(io.kindling.kit.environment.RuntimeEnvironments.class).python().version();
        return python.substring(0, python.indexOf('.', python.indexOf('.') + 1));
    }

    /** Live processes of a conda build (venv, pip): their command lines name a directory under the builds. */
    private static List<Long> installers() {
        String builds = condaWork.resolve("builds").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
                .anyMatch(a -> a.startsWith(builds))).map(ProcessHandle::pid).toList();
    }

    private static GatewayClient client(String user) {
        return new GatewayClient(SharedPlatform.platform()).as(user);
    }

    /**
     * The session started, the service killed while it started, and how long after the kill the broker had given up
     * the dead service's consumers (completes when it has; the gateway has none).
     */
    private record Crash(String sessionId, ServiceProcess service, CompletableFuture<Duration> membersReleased) {
    }

    private static Crash crash(String service, GatewayClient gateway, String body, Consumer<String> midStart,
                               Consumer<String> whileDown) {
        return crash(service, gateway, body, UnaryOperator.identity(), "/actuator/health/readiness", midStart,
                whileDown);
    }

    /**
     * Runs {@code service} as a process of its own (its arguments changed by {@code arguments}, ready when {@code
     * health} answers), creates a session with {@code body}, waits with {@code midStart} until the start is where
     * the kill should land, kills the service ({@code -9}), waits with {@code whileDown} and puts the service back in
     * the platform.
     */
    private static Crash crash(String service, GatewayClient gateway, String body,
                               UnaryOperator<List<String>> arguments, String health, Consumer<String> midStart,
                               Consumer<String> whileDown) {
        Path logs = SharedPlatform.spans().getParent().resolveSibling("crash");
        ServiceProcess process = ServiceProcess.start(SharedPlatform.platform(), service, logs, arguments, health);
        try {
            String id = create(gateway, body);
            midStart.accept(id);
            Set<String> members = members(service);
            process.kill();
            Instant killed = Instant.now();
            CompletableFuture<Duration> released = CompletableFuture.supplyAsync(() -> {
                await("the broker gives up the consumers of the killed " + service).atMost(MEMBERS_RELEASED_WITHIN)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> java.util.Collections.disjoint(members(service), members));
                return Duration.between(killed, Instant.now());
            });
            whileDown.accept(id);
            process.restartInPlatform();
            return new Crash(id, process, released);
        } finally {
            process.close();
        }
    }

    /** The members of a service's consumer group (one group per service; the gateway consumes nothing). */
    private static Set<String> members(String service) {
        try (Admin admin = Admin.create(SharedPlatform.platform().kafkaClientProperties())) {
            return admin.describeConsumerGroups(List.of(service)).describedGroups().get(service).get().members()
                    .stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Set.of(); // a service that consumes nothing (the gateway) has no group
            }
            throw new IllegalStateException("cannot describe the consumer group " + service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gateway's arguments with a bus nobody listens on: it answers, and what it accepts waits in its outbox. */
    private static List<String> withoutTheBus(List<String> arguments) {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return arguments.stream().map(a -> a.startsWith("--KAFKA_BOOTSTRAP_SERVERS=")
                ? "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + closed : a).toList();
    }

    /** The event types in {@code schema}'s outbox about {@code aggregate} that were never sent. */
    private static List<String> unsent(String schema, String aggregate) {
        return SharedPlatform.platform().service("session-service").getBean(JdbcClient.class)
                .sql("SELECT event_type FROM " + schema + ".outbox WHERE aggregate_id = :id AND sent_at IS NULL "
                        + "ORDER BY id").param("id", aggregate).query(String.class).list();
    }

    private static List<BusRecords.Event> requestsOnTheBus(String sessionId) {
        return BusRecords.of(SharedPlatform.platform(), Topics.SESSIONS, SessionRequested.TYPE, "sessionId",
                sessionId);
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

    /**
     * The session is idle on its one cluster, each state once, and runs a statement; what exists is counted: one
     * ClusterProvisioned on the bus, one live master (the last of {@code mastersStarted} the backend started), every
     * live process of its clusters one its row knows, nothing refused, the dead service's consumers released in time.
     */
    private static JsonNode assertStartedOnce(Crash crash, GatewayClient gateway, List<String> states,
                                              int mastersStarted) {
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
        List<String> clusterIds = new ArrayList<>();
        gateway.get("/api/v1/clusters").body().get("clusters").forEach(c -> clusterIds.add(c.get("id").asString()));
        assertThat(clusterIds).filteredOn(c -> c.contains(id)).containsExactly(clusterOf(id));

        assertThat(BusRecords.of(SharedPlatform.platform(), Topics.CLUSTERS, ClusterProvisioned.TYPE, "sessionId", id))
                .as("ClusterProvisioned on the bus for the session").hasSize(1);
        Cluster cluster = SharedPlatform.bean(ClusterRepository.class).find(clusterOf(id)).orElseThrow();
        List<ClusterProcesses.Running> running = ClusterProcesses.running("kc-" + id + "-");
        assertThat(running).filteredOn(ClusterProcesses.Running::master).as("live Spark masters of the session's "
                + "clusters").extracting(ClusterProcesses.Running::clusterId).containsExactly(clusterOf(id));
        assertThat(running).extracting(ClusterProcesses.Running::pid).as("live processes of the session's clusters")
                .containsExactlyInAnyOrderElementsOf(cluster.info().pids());
        List<ClusterProcesses.Launch> masters = ClusterProcesses.mastersLaunched(clusters, clusterOf(id));
        assertThat(masters).as("masters the backend started for the cluster").hasSize(mastersStarted);
        assertThat(masters.get(masters.size() - 1).pid()).isEqualTo(cluster.info().pids().get(0));
        assertNothingRefused(id);
        if (!crash.service().toString().equals("gateway-service")) {
            Duration released = crash.membersReleased().join();
            System.out.println("crash of " + crash.service() + ": its consumers released " + released.toMillis()
                    + " ms after the kill");
        }

        assertThat(gateway.value(id, "SELECT 6 * 7 AS answer").asInt()).isEqualTo(42);
        return idle;
    }

    /** No state change of the session or its cluster was asked for and refused: a repeat would be one. */
    private static void assertNothingRefused(String id) {
        assertThat(SharedPlatform.bean(SessionRepository.class).ignored(id))
                .as("transitions of the session asked for and not made").isEmpty();
        assertThat(SharedPlatform.bean(ClusterRepository.class).ignored(clusterOf(id)))
                .as("transitions of the cluster asked for and not made").isEmpty();
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
