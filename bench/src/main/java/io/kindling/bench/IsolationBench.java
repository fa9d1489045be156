package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What isolation costs a start: cold and warm starts (request -> idle, request -> first result) with user code in
 * the open and with a sandbox per cluster (a network namespace and an OS user), one platform after the other on the
 * same class-data archives (trained by the first, unisolated: sandboxes never train one).
 */
final class IsolationBench {

    private IsolationBench() {
    }

    static void run(int runs, Path report, Path runtimeRoot) throws Exception {
        io.kindling.kit.containment.HostIsolation host = io.kindling.kit.containment.HostIsolation.probe();
        if (!host.possible()) {
            System.out.println("isolation benchmark skipped: this host cannot isolate: " + host.missing());
            return;
        }
        Path cds = Files.createTempDirectory("kindling-bench-isolation-cds");
        List<Report.Row> rows = new ArrayList<>();
        List<List<Long>> off = measure("single-user", runs, runtimeRoot, cds, true);
        List<List<Long>> on = measure("isolated", runs, runtimeRoot, cds, false);
        String[] what = {"cold start: request -> idle", "cold start: request -> first result",
            "warm start: request -> idle", "warm start: request -> first result"};
        for (int i = 0; i < what.length; i++) {
            rows.add(Report.row(what[i] + ", single-user", off.get(i)));
            rows.add(Report.row(what[i] + ", isolated", on.get(i)));
            List<Long> cost = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                cost.add(on.get(i).get(r) - off.get(i).get(r));
            }
            rows.add(Report.row(what[i] + ", isolation's cost (run by run)", cost));
        }
        rows.forEach(r -> System.out.println(r.format()));
        Report.write(report, "isolation", "Isolation on vs off (N=" + runs + ", 2 executors x 1 core x 512m, driver 1g;"
                + " target: at most +1 s cold, +50 ms warm)", rows, "bin/kindling bench --runs " + runs
                + " --only isolation");
    }

    /** Cold and warm starts on a platform of {@code mode}: four lists (cold idle, cold result, warm idle, warm result). */
    private static List<List<Long>> measure(String mode, int runs, Path runtimeRoot, Path cds, boolean train)
            throws Exception {
        Path work = Files.createTempDirectory("kindling-bench-isolation");
        List<List<Long>> lists = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (Platform platform = Platform.start(PlatformOptions.forTests(work, runtimeRoot).withOverrides(Map.of(
                "kindling.teardown.cluster-grace", "3s", "kindling.containment.mode", mode,
                "kindling.runtime.class-data-dir", cds.toString())))) {
            Gateway gateway = new Gateway(platform.gatewayUrl(), platform::token);
            // the first start of each platform warms its services (and, unisolated, trains the archives)
            start(gateway, "bench-isolation-warmup-" + mode);
            EnvironmentBench.awaitNoLiveCluster(platform);
            if (train) {
                Thread.sleep(20_000); // the archives are written as the processes exit
            }
            for (int i = 1; i <= runs; i++) {
                String owner = "bench-isolation-" + mode + "-" + i;
                long[] cold = start(gateway, owner);
                long[] warm = start(gateway, owner);
                EnvironmentBench.awaitNoLiveCluster(platform);
                lists.get(0).add(cold[0]);
                lists.get(1).add(cold[1]);
                lists.get(2).add(warm[0]);
                lists.get(3).add(warm[1]);
                System.out.printf("isolation %s run %d: cold %d / %d ms, warm %d / %d ms%n", mode, i, cold[0], cold[1],
                        warm[0], warm[1]);
            }
        }
        return lists;
    }

    /** A session of {@code owner}: request -> idle and request -> first result; then stopped. */
    private static long[] start(Gateway gateway, String owner) throws Exception {
        long t0 = System.nanoTime();
        String id = gateway.createSession(owner, ColdStartBench.BODY);
        gateway.waitFor(owner, id, "idle", Duration.ofMinutes(4));
        long toIdle = (System.nanoTime() - t0) / 1_000_000;
        gateway.firstResult(owner, id, "SELECT 1 + 1 AS two");
        long toResult = (System.nanoTime() - t0) / 1_000_000;
        gateway.stop(owner, id);
        return new long[] {toIdle, toResult};
    }
}
