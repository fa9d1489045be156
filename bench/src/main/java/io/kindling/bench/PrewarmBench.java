package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import io.kindling.provisioning.cluster.Cluster;
import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import io.kindling.session.driver.AgentClient;
import io.kindling.session.driver.DriverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pre-warmed starts: a platform with a pool of one cluster of the benchmark's size; each run is a new owner's
 * first session, served by the pool cluster, and waits for the pool to refill before the next.
 */
final class PrewarmBench {

    private PrewarmBench() {
    }

    static void run(int runs, Path report, Path runtimeRoot) throws Exception {
        try (Platform platform = Platform.start(PlatformOptions.forTests(Files.createTempDirectory("kindling-prewarm"),
                runtimeRoot).withOverrides(Map.of(
                "kindling.provisioning.prewarm[0].num-executors", "2",
                "kindling.provisioning.prewarm[0].executor-memory", "512MB",
                "kindling.provisioning.prewarm[0].driver-memory", "1GB",
                "kindling.provisioning.prewarm[0].count", "1")))) {
            Gateway gateway = new Gateway(platform.gatewayUrl(), platform::token);
            List<Long> toIdle = new ArrayList<>();
            List<Long> pysparkToIdle = new ArrayList<>();
            String previous = null;
            for (int i = 1; i <= runs; i++) {
                for (String kind : List.of("sql", "pyspark")) {
                    previous = awaitReadyPoolCluster(platform, previous);
                    String owner = "bench-prewarm-" + kind + "-" + i + "-" + System.nanoTime();
                    long t0 = System.nanoTime();
                    String id = gateway.createSession(owner, ColdStartBench.BODY.replace("\"kind\":\"sql\"",
                            "\"kind\":\"" + kind + "\""));
                    String clusterId = gateway.waitFor(owner, id, "idle", Duration.ofMinutes(3)).get("clusterId")
                            .asString();
                    long idle = (System.nanoTime() - t0) / 1_000_000;
                    (kind.equals("sql") ? toIdle : pysparkToIdle).add(idle);
                    System.out.printf("pre-warmed %s run %d: request -> idle %d ms (%s)%n", kind, i, idle,
                            clusterId.equals(previous) ? "pool cluster" : "NOT the pool cluster: " + clusterId);
                    gateway.stop(owner, id);
                }
            }
            List<Report.Row> rows = List.of(Report.row("pre-warmed start: request -> idle", toIdle),
                    Report.row("pre-warmed start, pyspark session: request -> idle", pysparkToIdle));
            rows.forEach(r -> System.out.println(r.format()));
            Report.write(report, "prewarm", "Pre-warmed start (N=" + runs + ", pool of 1 cluster of the same size)",
                    rows, "bin/kindling bench --runs " + runs);
        }
    }

    /** Waits for a WARM, unclaimed pool cluster other than {@code except} whose driver is ready. */
    private static String awaitReadyPoolCluster(Platform platform, String except) throws InterruptedException {
        ClusterRepository clusters = platform.bean(ClusterRepository.class);
        DriverRegistry drivers = platform.bean(DriverRegistry.class);
        AgentClient agent = platform.bean(AgentClient.class);
        long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < until) {
            Optional<Cluster> pooled = clusters.all().stream()
                    .filter(c -> c.owner().isEmpty() && c.state() == ClusterState.WARM && !c.id().equals(except))
                    .findFirst();
            if (pooled.isPresent()) {
                try {
                    if (drivers.running(pooled.get().id())
                            .map(d -> agent.health(d).path("state").asString("").equals("ready")).orElse(false)) {
                        Thread.sleep(3_000); // let its start-up JIT settle, as a pool cluster waiting for a while would
                        return pooled.get().id();
                    }
                } catch (AgentClient.AgentException starting) {
                    // its driver is still coming up
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no pre-warmed cluster became ready within 4 minutes");
    }
}
