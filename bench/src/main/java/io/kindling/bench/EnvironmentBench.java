package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import io.kindling.platform.Wheelhouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Conda environments: the uncached build time of the test environment (a local wheel, venv builder), and what a
 * cached environment adds to a cold start (cold starts with and without one, alternating, each on a new
 * cluster of a new owner).
 */
final class EnvironmentBench {

    private static final String CACHE_ON = "\"spark.hadoop.aml.enable_cache\":\"true\"";

    private EnvironmentBench() {
    }

    static void run(int runs, Path report, Path runtimeRoot) throws Exception {
        Path work = Files.createTempDirectory("kindling-bench-env");
        Path wheelhouse = Files.createDirectories(work.resolve("wheelhouse"));
        Wheelhouse.tinyWheel(wheelhouse, "1.0");
        try (Platform platform = Platform.start(PlatformOptions.forTests(work, runtimeRoot).withOverrides(Map.of(
                "kindling.teardown.cluster-grace", "3s",
                "kindling.conda.builder", "venv",
                "kindling.conda.venv.find-links", wheelhouse.toString())))) {
            Gateway gateway = new Gateway(platform.gatewayUrl(), platform::token);
            // trains the class-data archives and fills the cache
            coldStart(gateway, platform, "bench-env-warmup", body(true, "cache-warmup"));
            List<Long> builds = new ArrayList<>();
            List<Long> withEnvironment = new ArrayList<>();
            List<Long> without = new ArrayList<>();
            List<Long> cost = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                long plain = coldStart(gateway, platform, "bench-env-plain-" + i, ColdStartBench.BODY);
                long cached = coldStart(gateway, platform, "bench-env-cached-" + i, body(true, "cache-warmup"));
                long build = uncachedBuild(gateway, "bench-env-build-" + i, i);
                awaitNoLiveCluster(platform);
                without.add(plain);
                cost.add(cached - plain);
                withEnvironment.add(cached);
                builds.add(build);
                System.out.printf("environment run %d: cold start %d ms, with a cached environment %d ms "
                        + "(+%d ms); uncached build %d ms%n", i, plain, cached, cached - plain, build);
            }
            Report.Row plainRow = Report.row("cold start without an environment: request -> idle", without);
            Report.Row cachedRow = Report.row("cold start with a cached environment: request -> idle", withEnvironment);
            // paired: each run's cached cold start minus the plain one just before it
            Report.Row delta = Report.row("cached environment's cost on a cold start (per-run difference)", cost);
            Report.Row buildRow = Report.row("uncached build of the test environment (venv + 1 local wheel, packed)",
                    builds);
            List.of(plainRow, cachedRow, delta, buildRow).forEach(r -> System.out.println(r.format()));
            Report.write(report, "environment", "Conda environments (N=" + runs + ", venv builder, local wheelhouse)",
                    List.of(plainRow, cachedRow, delta, buildRow), "bin/kindling bench --runs " + runs
                            + " --only environment");
        }
    }

    /** A session with a conda spec of the test wheel; {@code name} only names the session. */
    private static String body(boolean cache, String name) {
        String yaml = "name: bench\\ndependencies:\\n  - pip\\n  - pip:\\n    - tinypkg==1.0\\n";
        String conf = cache ? "\"conf\":{" + CACHE_ON + "}," : "";
        return "{\"name\":\"" + name + "\",\"numExecutors\":2,\"executorMemory\":\"512m\",\"driverMemory\":\"1g\","
                + conf + "\"conda\":\"" + yaml + "\"}";
    }

    private static long coldStart(Gateway gateway, Platform platform, String owner, String body) throws Exception {
        long t0 = System.nanoTime();
        String id = gateway.createSession(owner, body);
        JsonNode idle = gateway.waitFor(owner, id, "idle", Duration.ofMinutes(4));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        gateway.stop(owner, id);
        ColdStartBench.awaitGone(platform, idle.get("clusterId").asString());
        return ms;
    }

    /** A session without the cache flag: its environment is built; stopped once the build is done. */
    private static long uncachedBuild(Gateway gateway, String owner, int run) throws Exception {
        String id = gateway.createSession(owner, body(false, "build-" + run));
        long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < until) {
            JsonNode env = gateway.get(owner, "/api/v1/sessions/" + id + "/environment");
            if (env != null && env.path("session").path("state").asString("").equals("ready")) {
                gateway.stop(owner, id);
                return env.get("buildMillis").asLong();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the environment of " + id + " was not built within 3 minutes");
    }

    /** Waits until every cluster is gone (and 2 s more): the next cold start must not compete with any for the cores. */
    static void awaitNoLiveCluster(Platform platform) throws InterruptedException {
        io.kindling.provisioning.cluster.ClusterRepository clusters =
                platform.bean(io.kindling.provisioning.cluster.ClusterRepository.class);
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < until && clusters.all().stream().anyMatch(c -> !c.state().isTerminal())) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
    }
}
