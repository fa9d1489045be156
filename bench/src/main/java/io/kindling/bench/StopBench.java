package io.kindling.bench;

import io.kindling.platform.KindlingProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How long Kindling takes to stop, as {@code bin/kindling up} runs it: SIGTERM (Ctrl-C, {@code docker stop}, which
 * waits 10 s before SIGKILL) with no cluster, with N warm clusters, and with a statement running; and after SIGKILL,
 * how long until no process of the run is left. Each figure is measured twice over: until the JVM has exited, and until
 * no process it started (Spark, drivers, executors, PostgreSQL, the lifeline's reaper) is left. The baseline is the
 * stop with no cluster, in the same run. The install is warm (its class-data archives trained by a first round whose
 * cluster was torn down): a daemon still training its archive is killed at a stop, not waited for.
 */
final class StopBench {

    private static final String SIZE = "{\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":600}";
    private static final Duration START = Duration.ofMinutes(3);

    private StopBench() {
    }

    static void run(int runs, Path report) throws Exception {
        Path home = Files.createTempDirectory("kindling-stop-bench");
        train(home);
        Map<String, List<Long>> exited = new LinkedHashMap<>();
        Map<String, List<Long>> gone = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (String scenario : List.of("no cluster", "1 warm cluster", "2 warm clusters",
                    "1 warm cluster, 1 statement running", "SIGKILL, 1 warm cluster")) {
                long[] took = round(home, scenario);
                exited.computeIfAbsent(scenario, k -> new ArrayList<>()).add(took[0]);
                gone.computeIfAbsent(scenario, k -> new ArrayList<>()).add(took[1]);
                System.out.printf("stop (%s): JVM exited in %d ms, nothing left after %d ms%n", scenario, took[0],
                        took[1]);
            }
        }
        long baseline = Report.row("", gone.get("no cluster")).p50();
        StringBuilder body = new StringBuilder("| stop | JVM exited, p50 ms (min-max) | nothing left, p50 ms (min-max) "
                + "| nothing left / no cluster | n |\n|---|---|---|---|---|\n");
        for (String scenario : exited.keySet()) {
            Report.Row jvm = Report.row(scenario, exited.get(scenario));
            Report.Row all = Report.row(scenario, gone.get(scenario));
            body.append(String.format("| %s | %d (%d-%d) | %d (%d-%d) | %.2f | %d |%n", scenario, jvm.p50(), jvm.min(),
                    jvm.max(), all.p50(), all.min(), all.max(), (double) all.p50() / Math.max(1, baseline), jvm.n()));
        }
        body.append("\nSIGTERM rows: from the signal to the JVM's exit, and to the moment no process of the run is "
                + "left (`KINDLING_RUN` in their environment). `docker stop` waits 10 s and Kubernetes 30 s before SIGKILL. "
                + "The SIGKILL row: from the kill to the moment nothing of the run is left (the lifeline's reaper "
                + "signals what the JVM had tied to itself).\n");
        Report.writeSection(report, "stop", "Stopping Kindling (all-in-one, as bin/kindling up runs it)",
                body.toString(), "bin/kindling bench --only stop --runs " + runs);
        deleteTree(home);
    }

    /** A first round whose cluster is torn down (grace 3 s): the class-data archives of its processes are written. */
    private static void train(Path home) throws Exception {
        try (KindlingProcess kindling = KindlingProcess.start(home, "stop-bench-train-" + UUID.randomUUID(), START,
                Map.of("KINDLING_TEARDOWN_CLUSTER_GRACE", "3s"))) {
            Gateway gateway = gateway(kindling);
            String id = idle(gateway, "train");
            gateway.stop("train", id);
            long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < until && !Files.isRegularFile(archive(home, "master"))) {
                Thread.sleep(500);
            }
            kindling.stop(Duration.ofMinutes(2));
        }
    }

    private static Path archive(Path home, String role) throws IOException {
        Path cds = home.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return cds.resolve("none");
        }
        try (var dirs = Files.list(cds)) {
            return dirs.map(d -> d.resolve(role + ".jsa")).filter(Files::isRegularFile).findFirst()
                    .orElse(cds.resolve("none"));
        }
    }

    /** One start, the scenario's clusters, the stop: {JVM exited, nothing left} in milliseconds. */
    private static long[] round(Path home, String scenario) throws Exception {
        try (KindlingProcess kindling = KindlingProcess.start(home, "stop-bench-" + UUID.randomUUID(), START,
                Map.of("KINDLING_TEARDOWN_CLUSTER_GRACE", "10m"))) {
            Gateway gateway = gateway(kindling);
            int warm = scenario.startsWith("2") ? 2 : scenario.contains("1 warm") ? 1 : 0;
            for (int i = 0; i < warm; i++) {
                String owner = "warm-" + i;
                gateway.stop(owner, idle(gateway, owner));
            }
            if (scenario.contains("statement")) {
                String id = idle(gateway, "busy");
                gateway.submit("busy", id, "SELECT reflect('java.lang.Thread', 'sleep', CAST(120000 AS BIGINT))");
                gateway.waitFor("busy", id, "busy", Duration.ofMinutes(1));
            }
            long started = System.nanoTime();
            long exited;
            if (scenario.startsWith("SIGKILL")) {
                kindling.kill();
                exited = (System.nanoTime() - started) / 1_000_000;
            } else {
                exited = kindling.stop(Duration.ofMinutes(2)).toMillis();
            }
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!kindling.processesOfTheRun().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            if (!kindling.processesOfTheRun().isEmpty()) {
                throw new IllegalStateException("processes of the run left a minute after its stop: "
                        + kindling.processesOfTheRun());
            }
            return new long[] {exited, (System.nanoTime() - started) / 1_000_000};
        }
    }

    private static Gateway gateway(KindlingProcess kindling) {
        return new Gateway(kindling.gatewayUrl(), kindling::token);
    }

    private static String idle(Gateway gateway, String owner) throws Exception {
        String id = gateway.createSession(owner, SIZE);
        gateway.waitFor(owner, id, "idle", Duration.ofMinutes(4));
        return id;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
