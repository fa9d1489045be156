package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Conda environments built for real (the venv builder, from a local wheelhouse the test writes), shipped to
 * real Spark executors, cached with {@code spark.hadoop.aml.enable_cache=true}, and killed past the install
 * limit.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class EnvironmentEndToEndTest {

    private static final String SIZE = "\"numExecutors\":2,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":600";
    private static final String CACHE_ON = "\"conf\":{\"spark.hadoop.aml.enable_cache\":\"true\"}";
    /** Runs on the executors: each task's rows go through the environment's Python, which imports tinypkg. */
    private static final String IMPORT_ON_EXECUTORS = "SELECT TRANSFORM(id) USING './environment/bin/python -c "
            + "\"import sys, tinypkg; [print(tinypkg.hello() + chr(9) + sys.prefix) for line in sys.stdin]\"' "
            + "AS (line STRING) FROM range(0, 4, 1, 2)";

    private static GatewayClient carol;
    /** The runtime's Python, major.minor (a spec may name it, not change it). */
    private static String python;

    @BeforeAll
    static void connect() throws Exception {
        carol = new GatewayClient(SharedPlatform.platform()).as("env-carol");
        String full = SharedPlatform.bean(io.kindling.kit.environment.RuntimeEnvironments.class).python().version();
        python = full.substring(0, full.indexOf('.', full.indexOf('.') + 1));
        for (String version : List.of("1.0", "1.1", "1.2")) {
            Wheelhouse.tinyWheel(SharedPlatform.wheelhouse(), version);
        }
    }

    @Test
    void anEnvironmentBuiltFromALocalWheelReachesTheExecutors() {
        String id = create(carol, "{" + SIZE + ",\"conda\":" + yaml("tinypkg==1.0") + "}");
        JsonNode idle = carol.awaitState(id, "idle", Duration.ofMinutes(4));

        JsonNode rows = carol.rows(id, IMPORT_ON_EXECUTORS);
        assertThat(rows).hasSize(4);
        for (JsonNode row : rows) {
            String[] greetingAndPrefix = row.get(0).asString().split("\t");
            assertThat(greetingAndPrefix[0]).isEqualTo("tinypkg 1.0 says hi");
            // the executor's own work dir (standalone: .../app-<id>/<executor>/environment), not the driver's
            assertThat(greetingAndPrefix[1]).matches(".*/worker-[0-9]+/app-[0-9-]+/[0-9]+/environment");
        }
        assertThat(idle.get("environment").get("state").asString()).isEqualTo("ready");
        assertThat(idle.get("history").toString()).contains("waiting for a cluster and the conda environment")
                .contains("(built)");

        JsonNode environment = carol.get("/api/v1/sessions/" + id + "/environment").body();
        String hash = environment.get("hash").asString();
        assertThat(hash).isEqualTo(idle.get("environment").get("hash").asString());
        assertThat(environment.get("state").asString()).isEqualTo("ready");
        assertThat(environment.get("session").get("cacheHit").asBoolean()).isFalse();
        assertThat(environment.get("cached").asBoolean()).isFalse();
        assertThat(environment.get("buildMillis").asLong()).isPositive();
        assertThat(environment.get("skipped").toString()).contains("python=" + python).contains("the runtime has python")
                .contains("the base has pip");
        assertThat(environment.get("history")).extracting(h -> h.get("state").asString())
                .containsExactly("requested", "building", "ready");
        assertThat(carol.text("/api/v1/environments/" + hash + "/log")).contains("Successfully installed tinypkg-1.0");
        assertThat(carol.get("/api/v1/environments/" + hash).body().get("log").asString())
                .contains("skipped dependencies[0] 'python=" + python + "'");
        // another user's view of it: none
        assertThat(carol.as("env-mallory").get("/api/v1/environments/" + hash).status()).isEqualTo(404);
        stop(id);
    }

    @Test
    void theCacheServesEqualSpecsWithTheFlagAndOnlyWithIt() {
        String first = create(carol, "{" + SIZE + "," + CACHE_ON + ",\"conda\":" + yaml("tinypkg==1.1") + "}");
        carol.awaitState(first, "idle", Duration.ofMinutes(4));
        JsonNode built = carol.get("/api/v1/sessions/" + first + "/environment").body();
        assertThat(built.get("session").get("cacheHit").asBoolean()).isFalse();
        assertThat(built.get("cached").asBoolean()).isTrue();
        stop(first);

        // the same spec written differently, with the flag: from the cache, on the warm cluster
        String second = create(carol, "{" + SIZE + "," + CACHE_ON + ",\"conda\":"
                + quoted("name: other-name\nchannels:\n  - conda-forge\ndependencies:\n  - pip:\n    - tinypkg == 1.1\n"
                + "  - pip\n  - python=" + python + "\n") + "}");
        JsonNode idle = carol.awaitState(second, "idle", Duration.ofMinutes(2));
        JsonNode hit = carol.get("/api/v1/sessions/" + second + "/environment").body();
        assertThat(hit.get("hash").asString()).isEqualTo(built.get("hash").asString());
        assertThat(hit.get("session").get("cacheHit").asBoolean()).isTrue();
        assertThat(idle.get("history").toString()).contains("from the cache").contains("warm start");
        assertThat(carol.rows(second, IMPORT_ON_EXECUTORS).get(0).get(0).asString())
                .startsWith("tinypkg 1.1 says hi\t");
        stop(second);

        // without the flag: built again, not from the cache
        String third = create(carol, "{" + SIZE + ",\"conda\":" + yaml("tinypkg==1.1") + "}");
        carol.awaitState(third, "idle", Duration.ofMinutes(2));
        JsonNode rebuilt = carol.get("/api/v1/sessions/" + third + "/environment").body();
        assertThat(rebuilt.get("session").get("cacheHit").asBoolean()).isFalse();
        assertThat(rebuilt.get("builds")).hasSize(2);
        assertThat(rebuilt.get("builds").get(0).get("cached").asBoolean()).isFalse();
        assertThat(rebuilt.get("cacheHits").asInt()).isEqualTo(1);
        assertThat(rebuilt.get("cacheMisses").asInt()).isEqualTo(2);
        assertThat(carol.rows(third, IMPORT_ON_EXECUTORS).get(0).get(0).asString())
                .startsWith("tinypkg 1.1 says hi\t");
        stop(third);

        // what operators see of it: builds and their time, answers by cache hit, and warm session starts
        MeterRegistry conda = SharedPlatform.meters("conda-service");
        assertThat(conda.get("kindling.environment.uses").tag("result", "cache_hit").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(conda.get("kindling.environment.uses").tag("result", "built").counter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(conda.get("kindling.environment.build").tag("outcome", "ready").timer().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(SharedPlatform.meters("session-service").get("kindling.session.start").tag("start", "warm")
                .timer().count()).isGreaterThanOrEqualTo(2);

        // a session with no environment on the same warm cluster gets a driver without one, and sees none
        String plain = create(carol, "{" + SIZE + "}");
        JsonNode plainIdle = carol.awaitState(plain, "idle", Duration.ofMinutes(2));
        assertThat(plainIdle.get("clusterId").asString()).isEqualTo(idle.get("clusterId").asString());
        assertThat(plainIdle.get("history").toString()).contains("previous driver had another conda environment");
        assertThat(carol.rows(plain, "SELECT TRANSFORM(id) USING 'test -e ./environment/bin/python && echo "
                + "present || echo absent' AS (seen STRING) FROM range(0, 2, 1, 2)"))
                .extracting(r -> r.get(0).asString()).containsOnly("absent");
        stop(plain);
    }

    @Test
    void equalRequestsAtTheSameTimeAreBuiltOnce() throws Exception {
        GatewayClient dave = carol.as("env-dave");
        String body = "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\"," + CACHE_ON
                + ",\"conda\":" + yaml("tinypkg==1.2") + "}";
        List<CompletableFuture<String>> requests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> create(dave, body)));
        }
        List<String> ids = requests.stream().map(CompletableFuture::join).toList();
        List<JsonNode> environments = new ArrayList<>();
        for (String id : ids) {
            environments.add(await().atMost(Duration.ofMinutes(2)).until(() -> {
                GatewayClient.Response r = dave.get("/api/v1/sessions/" + id + "/environment");
                return r.status() == 200 && r.body().get("session").get("state").asString().equals("ready")
                        ? r.body() : null;
            }, e -> e != null));
        }
        assertThat(environments.get(0).get("builds")).hasSize(1);
        assertThat(environments.get(1).get("builds")).hasSize(1);
        assertThat(environments.get(0).get("session").get("buildId").asString())
                .isEqualTo(environments.get(1).get("session").get("buildId").asString());
        ids.forEach(id -> dave.delete("/api/v1/sessions/" + id));
        for (String id : ids) {
            await().atMost(Duration.ofMinutes(3)).until(() -> List.of("ended", "failed")
                    .contains(dave.get("/api/v1/sessions/" + id).body().get("state").asString()));
        }
    }

    @Test
    void anInstallOverTheLimitIsKilledWithItsProcessTreeAndFailsTheSession() throws Exception {
        Path pidFile = SharedPlatform.wheelhouse().resolveSibling("sleepy.pids");
        Wheelhouse.sleepySdist(SharedPlatform.wheelhouse(), pidFile);

        String id = create(carol, "{" + SIZE + ",\"conda\":" + yaml("sleepy==1.0") + "}");
        JsonNode failed = carol.awaitState(id, "failed", Duration.ofMinutes(2));

        assertThat(failed.get("endReason").asString()).isEqualTo("ENVIRONMENT_FAILED");
        assertThat(failed.get("message").asString()).contains("INSTALL_TIMEOUT")
                .contains("did not install within the " + SharedPlatform.INSTALL_TIMEOUT + " limit")
                .contains("installing sleepy==1.0 with pip");
        JsonNode environment = carol.get("/api/v1/sessions/" + id + "/environment").body();
        assertThat(environment.get("state").asString()).isEqualTo("failed");
        assertThat(environment.get("failure").asString()).isEqualTo("INSTALL_TIMEOUT");
        assertThat(environment.get("pending").asString()).isEqualTo("installing sleepy==1.0 with pip");
        assertThat(environment.get("pendingSince").asString()).isNotBlank();
        // the backend and the child it started are gone, and so is the half-built environment
        long[] pids = java.util.Arrays.stream(Files.readString(pidFile).trim().split(" "))
                .mapToLong(Long::parseLong).toArray();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        String buildId = environment.get("builds").get(0).get("id").asString();
        Path builds = SharedPlatform.bean(io.kindling.conda.CondaProperties.class).workDir().resolve("builds");
        assertThat(builds.resolve(buildId)).doesNotExist();
    }

    private static String yaml(String pipRequirement) {
        return quoted("name: test-env\nchannels: [conda-forge]\ndependencies:\n  - python=" + python + "\n  - pip\n"
                + "  - pip:\n    - " + pipRequirement + "\n");
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String create(GatewayClient client, String body) {
        GatewayClient.Response created = client.post("/api/v1/sessions", body);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(202);
        return created.body().get("id").asString();
    }

    private static void stop(String id) {
        assertThat(carol.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        carol.awaitState(id, "ended", Duration.ofMinutes(1));
    }
}
