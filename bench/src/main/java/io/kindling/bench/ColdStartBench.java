package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import io.kindling.provisioning.cluster.ClusterRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The benchmarks through the gateway: cold starts (N sessions, each on a new cluster: a new owner each
 * time, so no warm cluster can serve it), warm starts (the same owner again within the grace), and the
 * lateness of deadlines. Starts Kindling in-process on embedded defaults unless {@code --gateway URL}
 * names a running one (then only the cold and warm starts run).
 */
public final class ColdStartBench {

    static final String BODY = """
            {"name":"bench","kind":"sql","numExecutors":2,"executorCores":1,"executorMemory":"512m",
             "driverCores":1,"driverMemory":"1g"}""";

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        Integer runsGiven = null;
        String gatewayUrl = null;
        Path report = Path.of("docs/benchmarks.md");
        String only = null;
        int creates = 5_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runsGiven = Integer.parseInt(args[++i]);
                case "--gateway" -> gatewayUrl = args[++i];
                case "--report" -> report = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--creates" -> creates = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --runs N, --gateway URL, --report FILE, --only prewarm|environment|jobs|python|isolation|load|stop,"
                        + " --creates N)");
            }
        }
        int runs = runsGiven == null ? 5 : runsGiven;
        if ("prewarm".equals(only)) {
            PrewarmBench.run(runs, report, Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target")));
            return;
        }
        if ("jobs".equals(only)) {
            JobBench.run(runs, report, Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target")),
                    examplesJar());
            return;
        }
        if ("load".equals(only)) {
            // a round takes one to two minutes, and one more warms up: three give a median and a spread
            LoadBench.run(creates, 32, runsGiven == null ? 3 : runsGiven, report,
                    Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target")));
            return;
        }
        if ("stop".equals(only)) {
            StopBench.run(runsGiven == null ? 2 : runsGiven, report);
            return;
        }
        if ("python".equals(only)) {
            PythonBench.run(runs, report, Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target")),
                    examplesJar());
            return;
        }
        if ("isolation".equals(only)) {
            IsolationBench.run(runs, report, Path.of(System.getProperty("kindling.runtime.root",
                    "spark-runtime/target")));
            return;
        }
        if ("environment".equals(only)) {
            EnvironmentBench.run(runs, report, Path.of(System.getProperty("kindling.runtime.root",
                    "spark-runtime/target")));
            return;
        }
        Platform platform = null;
        Path work = Files.createTempDirectory("kindling-bench");
        if (gatewayUrl == null) {
            // a short grace: a cold run waits until the previous cluster is gone (idle-but-warm clusters
            // still JIT-compiling would take the cores from the next cold start), while a warm run starts
            // milliseconds after its predecessor stopped
            platform = Platform.start(PlatformOptions.forTests(work,
                    Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target")))
                    .withOverrides(Map.of("kindling.teardown.cluster-grace", "3s")));
            gatewayUrl = platform.gatewayUrl();
        }
        try {
            Platform started = platform;
            // a gateway that bin/kindling up started trusts the key under KINDLING_HOME, as bin/kindling token does
            java.util.function.Function<String, String> tokens = started != null ? started::token
                    : user -> io.kindling.gateway.auth.LocalTokens.fromKeyFile(Path.of(System.getenv()
                            .getOrDefault("KINDLING_HOME", ".kindling"), "keys", "token-signing.key"),
                            java.time.Clock.systemUTC()).mint(user, "default", List.of(), Duration.ofHours(1));
            Gateway gateway = new Gateway(gatewayUrl, tokens);
            long firstEver = platform == null ? -1 : trainArchives(gateway, platform, work);
            cold(gateway, platform, runs, report, firstEver);
            WarmStartBench.run(gateway, runs, report);
            if (platform != null) {
                LatenessBench.run(platform, 20, report);
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
        if (platform != null) {
            Path runtimeRoot = Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target"));
            PrewarmBench.run(runs, report, runtimeRoot);
            EnvironmentBench.run(runs, report, runtimeRoot);
            JobBench.run(runs, report, runtimeRoot, examplesJar());
            PythonBench.run(runs, report, runtimeRoot, examplesJar());
            IsolationBench.run(runs, report, runtimeRoot);
            StopBench.run(2, report);
        }
    }

    /** The examples module's jar, which the job benchmark submits. */
    private static Path examplesJar() {
        return Path.of(System.getProperty("kindling.examples.jar", "examples/target/kindling-examples.jar"));
    }

    /** The next cold run must not compete with this cluster for the cores. */
    static void awaitGone(Platform platform, String clusterId) throws InterruptedException {
        if (platform == null) {
            Thread.sleep(15_000); // a remote gateway: no cluster state to watch from here
            return;
        }
        ClusterRepository clusters = platform.bean(ClusterRepository.class);
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < until && clusters.find(clusterId).map(c -> !c.state().isTerminal()).orElse(true)) {
            Thread.sleep(100);
        }
        Thread.sleep(2_000); // the processes' exit (and class-data archive dump) settles
    }

    /**
     * The first cold start of an install trains the class-data archives of master, worker and driver (they
     * are written as those processes exit). Runs it, waits for the archives, and returns its request -> idle.
     */
    private static long trainArchives(Gateway gateway, Platform platform, Path work) throws Exception {
        String owner = "bench-training-" + System.nanoTime();
        long t0 = System.nanoTime();
        String id = gateway.createSession(owner, BODY);
        JsonNode idle = gateway.waitFor(owner, id, "idle", Duration.ofMinutes(3));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        gateway.stop(owner, id);
        awaitGone(platform, idle.get("clusterId").asString());
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < until && !archives(work.resolve("cds"))) {
            Thread.sleep(500);
        }
        System.out.printf("first cold start (trains the archives): request -> idle %d ms; archives ready: %s%n", ms,
                archives(work.resolve("cds")));
        return ms;
    }

    private static boolean archives(Path cds) throws java.io.IOException {
        if (!Files.isDirectory(cds)) {
            return false;
        }
        try (var files = Files.walk(cds, 2)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.equals("master.jsa")
                    || n.equals("worker.jsa") || n.equals("driver.jsa")).count() == 3;
        }
    }

    private static void cold(Gateway gateway, Platform platform, int runs, Path report, long firstEver)
            throws Exception {
        List<Long> toIdle = new ArrayList<>();
        List<Long> toResult = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            String owner = "bench-cold-" + i + "-" + System.nanoTime();
            long t0 = System.nanoTime();
            String id = gateway.createSession(owner, BODY);
            gateway.waitFor(owner, id, "idle", Duration.ofMinutes(3));
            long idle = (System.nanoTime() - t0) / 1_000_000;
            gateway.firstResult(owner, id, "SELECT 1 + 1 AS two");
            long first = (System.nanoTime() - t0) / 1_000_000;
            JsonNode ended = gateway.waitFor(owner, id, "idle", Duration.ofSeconds(1));
            gateway.stop(owner, id);
            awaitGone(platform, ended.get("clusterId").asString());
            toIdle.add(idle);
            toResult.add(first);
            System.out.printf("cold run %d: request -> idle %d ms, request -> first result %d ms%n", i, idle, first);
        }
        Report.Row idle = Report.row("cold start: request -> idle", toIdle);
        Report.Row first = Report.row("cold start: request -> first statement result", toResult);
        System.out.println(idle.format());
        System.out.println(first.format());
        List<Report.Row> rows = new ArrayList<>(List.of(idle, first));
        if (firstEver >= 0) {
            rows.add(Report.row("first cold start of an install (trains the class-data archives)", List.of(firstEver)));
        }
        Report.write(report, "cold-start", "Cold start (N=" + runs + ", 2 executors x 1 core x 512m, driver 1g)",
                rows, "bin/kindling bench --runs " + runs);
    }
}
