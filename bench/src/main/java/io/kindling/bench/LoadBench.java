package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import io.kindling.platform.load.SessionLoad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The control plane under load, with the cluster launch replaced by the simulated backend: session creates and
 * status reads through the gateway (accepted/s, p50/p99, errors), and the hop of each event from its producer's
 * outbox write to its consumer's commit (p50/p99), as the services measured them during that load.
 */
final class LoadBench {

    private static final int WARM_UP = 500;

    private LoadBench() {
    }

    static void run(int creates, int concurrency, Path report, Path runtimeRoot) throws Exception {
        try (Platform platform = Platform.start(PlatformOptions.forTests(Files.createTempDirectory("kindling-load"),
                runtimeRoot).withOverrides(Map.of("kindling.provisioning.backend", "simulated")))) {
            SessionLoad load = new SessionLoad(platform.gatewayUrl(), platform::token, 50, concurrency);
            load.run(WARM_UP, Duration.ofMinutes(2)); // JIT and connection pools
            awaitQuiet(platform);
            clearHops(platform);
            SessionLoad.Result result = load.run(creates, Duration.ofMinutes(5));
            awaitQuiet(platform);
            StringBuilder body = new StringBuilder("""
                    | phase | calls | errors | per second | p50 ms | p99 ms | max ms |
                    |---|---|---|---|---|---|---|
                    """);
            row(body, "create a session (POST /api/v1/sessions, 202)", result.creates());
            row(body, "read a session (GET /api/v1/sessions/{id}, 200)", result.reads());
            body.append("\nEvent hops during the load (outbox write to the consumer's commit; `kindling_event_hop_"
                    + "seconds`, the last two minutes):\n\n| event | consumer | n | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
            for (ConfigurableApplicationContext service : platform.services()) {
                String name = service.getEnvironment().getRequiredProperty("spring.application.name");
                for (Timer hop : service.getBean(MeterRegistry.class).find("kindling.event.hop").timers()) {
                    if (hop.count() == 0) {
                        continue;
                    }
                    double p50 = Double.NaN;
                    double p99 = Double.NaN;
                    for (ValueAtPercentile v : hop.takeSnapshot().percentileValues()) {
                        if (v.percentile() == 0.5) {
                            p50 = v.value(TimeUnit.MILLISECONDS);
                        } else if (v.percentile() == 0.99) {
                            p99 = v.value(TimeUnit.MILLISECONDS);
                        }
                    }
                    body.append(String.format("| %s | %s | %d | %.1f | %.1f |%n", hop.getId().getTag("type"), name,
                            hop.count(), p50, p99));
                }
            }
            body.append(String.format("%nLoad: %d creates then %d reads from %d threads over kept-alive loopback "
                    + "connections, 50 users, after a warm-up of %d creates; every session then goes through the "
                    + "services (reserved, refused by the simulated backend, failed). Target: 0 errors, >= 1,000 "
                    + "creates/s.%n", creates, creates, concurrency, WARM_UP));
            System.out.print(body);
            Report.writeSection(report, "load", "Control plane under load (simulated cluster backend)",
                    body.toString(), "bin/kindling bench --only load --creates " + creates);
        }
    }

    private static void row(StringBuilder body, String what, SessionLoad.Phase phase) {
        body.append(String.format("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f |%n", what, phase.calls(),
                phase.errors(), phase.perSecond(), phase.p50Micros() / 1000.0, phase.p99Micros() / 1000.0,
                phase.maxMicros() / 1000.0));
        phase.errorSamples().forEach(e -> System.out.println("  error: " + e));
    }

    /** Waits until every outbox is empty, so one phase's events do not spill into the next. */
    private static void awaitQuiet(Platform platform) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < until) {
            boolean quiet = platform.services().stream().allMatch(s -> {
                var backlog = s.getBean(MeterRegistry.class).find("kindling.outbox.backlog").gauge();
                return backlog == null || backlog.value() == 0;
            });
            if (quiet) {
                Thread.sleep(2_000);
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Drops the warm-up's hop samples. */
    private static void clearHops(Platform platform) {
        for (ConfigurableApplicationContext service : platform.services()) {
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            meters.find("kindling.event.hop").timers().forEach(meters::remove);
        }
    }
}
