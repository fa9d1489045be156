package io.kindling.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Warm starts: one owner ends a session and starts the next at once; the WARM cluster serves it. */
final class WarmStartBench {

    private WarmStartBench() {
    }

    static void run(Gateway gateway, int runs, Path report) throws Exception {
        String owner = "bench-warm-" + System.nanoTime();
        String first = gateway.createSession(owner, ColdStartBench.BODY);
        gateway.waitFor(owner, first, "idle", Duration.ofMinutes(3));
        gateway.stop(owner, first);
        List<Long> toIdle = new ArrayList<>();
        List<Long> toResult = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            String id = gateway.createSession(owner, ColdStartBench.BODY);
            gateway.waitFor(owner, id, "idle", Duration.ofMinutes(3));
            long idle = (System.nanoTime() - t0) / 1_000_000;
            gateway.firstResult(owner, id, "SELECT 1 + 1 AS two");
            long result = (System.nanoTime() - t0) / 1_000_000;
            gateway.stop(owner, id);
            toIdle.add(idle);
            toResult.add(result);
            System.out.printf("warm run %d: request -> idle %d ms, request -> first result %d ms%n", i, idle, result);
        }
        Report.Row idle = Report.row("warm start: request -> idle", toIdle);
        Report.Row result = Report.row("warm start: request -> first statement result", toResult);
        System.out.println(idle.format());
        System.out.println(result.format());
        Report.write(report, "warm-start", "Warm start (N=" + runs + ", same owner and size, cluster WARM)",
                List.of(idle, result), "bin/kindling bench --runs " + runs);
    }
}
