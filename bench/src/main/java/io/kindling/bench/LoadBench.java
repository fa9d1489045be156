package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import io.kindling.platform.load.SessionLoad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The control plane under load, with the cluster launch replaced by the simulated backend: session creates and
 * status reads through the gateway (accepted/s, p50/p99, errors), and the hop of each event from its producer's
 * outbox write to its consumer's commit (p50/p99), as the services measured them during that burst and then at a
 * steady rate the platform keeps up with.
 */
final class LoadBench {

    private static final int WARM_UP = 1500;
    /** Warm-up rounds end once two in a row each cost less than this less CPU per session than the round before. */
    private static final double STEADY_WITHIN = 0.05;
    private static final int MAX_WARM_UP_ROUNDS = 8;
    private static final int STEADY_RATE = 20;
    private static final int STEADY_CREATES = 600;
    /** What each round reports, in the order of {@link Round#figures()}. */
    private static final String[] FIGURES = {"creates/s, everything running", "sessions/s, whole flow",
        "CPU ms per session", "creates/s, consumers paused", "CPU ms per create and read, paused",
        "drain, sessions/s", "CPU ms per drained session"};

    private LoadBench() {
    }

    /**
     * One round: a burst with everything running, settled; then the same burst with the consumers paused (the
     * gateway alone), and the backlog drained once they resume.
     */
    private record Round(SessionLoad.Result everything, Map<String, Double> burstCpu, Duration flow,
                         double cpuPerSession, SessionLoad.Result alone, Map<String, Double> aloneCpu,
                         double cpuPerCreate, Duration drain, double cpuPerDrained, int creates) {

        double[] figures() {
            return new double[] {everything.creates().perSecond(), creates / seconds(flow), cpuPerSession,
                alone.creates().perSecond(), cpuPerCreate, creates / seconds(drain), cpuPerDrained};
        }

        int errors() {
            return everything.creates().errors() + everything.reads().errors() + alone.creates().errors()
                    + alone.reads().errors();
        }

        private static double seconds(Duration d) {
            return Math.max(0.001, d.toMillis() / 1000.0);
        }
    }

    static void run(int creates, int concurrency, int rounds, Path report, Path runtimeRoot) throws Exception {
        try (Platform platform = Platform.start(PlatformOptions.forTests(Files.createTempDirectory("kindling-load"),
                runtimeRoot).withOverrides(Map.of("kindling.provisioning.backend", "simulated")))) {
            SessionLoad load = new SessionLoad(platform.gatewayUrl(), platform::token, 50, concurrency);
            load.run(WARM_UP, Duration.ofMinutes(2)); // JIT and connection pools
            int settled = WARM_UP;
            PlatformProbe.awaitSettled(platform, settled);
            // the JIT is still compiling after that: run on, the rounds get cheaper for six to eight of them (whole
            // flow 14.7 -> 7.3 -> ... -> 4.3 ms of CPU per session), so whole rounds run until the JVM is steady, as
            // JMH's warm-up iterations do; they are reported, not counted
            List<Round> warm = new ArrayList<>();
            do {
                Round round = round(platform, load, creates, settled, null);
                settled += 2 * creates;
                warm.add(round);
                Duration jit = awaitCompilerQuiet(Duration.ofMinutes(4));
                System.out.printf("load warm-up round %d: %s, %d errors; the JIT compiler went quiet %d s after it%n",
                        warm.size(), java.util.Arrays.toString(round.figures()), round.errors(), jit.toSeconds());
            } while (!steady(warm) && warm.size() < MAX_WARM_UP_ROUNDS);
            List<Round> done = new ArrayList<>();
            StringBuilder detail = new StringBuilder();
            for (int r = 1; r <= rounds; r++) {
                Round round = round(platform, load, creates, settled, r == rounds ? detail : null);
                settled += 2 * creates;
                done.add(round);
                System.out.printf("load round %d of %d: %s, %d errors; CPU in the burst: %s; consumers paused: %s%n", r,
                        rounds, java.util.Arrays.toString(round.figures()), round.errors(),
                        ThreadCpu.shares(round.burstCpu()), ThreadCpu.shares(round.aloneCpu()));
            }
            StringBuilder body = new StringBuilder(summary(warm, done, creates, concurrency)).append(detail);
            // the hops under a normal load: a steady rate the platform keeps up with, not a burst that queues
            PlatformProbe.clearHops(platform);
            SessionLoad.Phase steady = load.paced(STEADY_CREATES, STEADY_RATE);
            PlatformProbe.awaitSettled(platform, settled + STEADY_CREATES);
            body.append(String.format("%nEvent hops at a steady %d creates/s (%d creates, one at a time; create p50 "
                    + "%.1f ms, p99 %.1f ms, %d errors):%n%n", STEADY_RATE, STEADY_CREATES, steady.p50Micros() / 1000.0,
                    steady.p99Micros() / 1000.0, steady.errors()));
            PlatformProbe.hops(platform, body);
            steady.errorSamples().forEach(e -> System.out.println("  error: " + e));
            System.out.print(body);
            Report.writeSection(report, "load", "Control plane under load (simulated cluster backend)",
                    body.toString(), "bin/kindling bench --only load --creates " + creates + " --runs " + rounds);
        }
    }

    /**
     * Whether the last two warm-up rounds' CPU per session (whole flow) each fell by less than {@link #STEADY_WITHIN}
     * from the round before: one such round alone was a noisy round as often as a steady JVM (one round cost 2.5% more
     * than the one before it, and the next 17% less).
     */
    private static boolean steady(List<Round> warm) {
        int n = warm.size();
        return n >= 3 && settled(warm.get(n - 3), warm.get(n - 2)) && settled(warm.get(n - 2), warm.get(n - 1));
    }

    private static boolean settled(Round before, Round after) {
        return after.cpuPerSession() >= before.cpuPerSession() * (1 - STEADY_WITHIN);
    }

    /**
     * One round after {@code settled} sessions went through; when {@code detail} is given, the round's calls and hops
     * are written to it.
     */
    private static Round round(Platform platform, SessionLoad load, int creates, int settled, StringBuilder detail)
            throws InterruptedException {
        PlatformProbe.clearHops(platform);
        long t0 = System.nanoTime();
        long cpu0 = PlatformProbe.cpuNanos();
        ThreadCpu burst0 = ThreadCpu.now();
        SessionLoad.Result result = load.run(creates, Duration.ofMinutes(5));
        Map<String, Double> burstCpu = ThreadCpu.now().since(burst0);
        PlatformProbe.awaitSettled(platform, settled + creates);
        Duration flow = Duration.ofNanos(System.nanoTime() - t0);
        double cpuPerSession = (PlatformProbe.cpuNanos() - cpu0) / 1e6 / creates;
        if (detail != null) {
            detail.append(details(platform, result));
        }
        PlatformProbe.consumers(platform, false);
        long aloneCpu0 = PlatformProbe.cpuNanos();
        ThreadCpu alone0 = ThreadCpu.now();
        SessionLoad.Result alone = load.run(creates, Duration.ofMinutes(5));
        Map<String, Double> aloneCpu = ThreadCpu.now().since(alone0);
        double cpuPerCreate = (PlatformProbe.cpuNanos() - aloneCpu0) / 1e6 / creates;
        long drainStart = System.nanoTime();
        long drainCpu0 = PlatformProbe.cpuNanos();
        PlatformProbe.consumers(platform, true);
        PlatformProbe.awaitSettled(platform, settled + 2 * creates);
        Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
        double cpuPerDrained = (PlatformProbe.cpuNanos() - drainCpu0) / 1e6 / creates;
        if (detail != null) {
            detail.append("\nThe gateway alone in that round: the same burst while the services' consumers are paused "
                    + "(the bus holds what they have not read):\n\n"
                    + "| phase | calls | errors | per second | p50 ms | p99 ms | max ms |\n"
                    + "|---|---|---|---|---|---|---|\n");
            row(detail, "create a session, consumers paused", alone.creates());
            row(detail, "read a session, consumers paused", alone.reads());
        }
        return new Round(result, burstCpu, flow, cpuPerSession, alone, aloneCpu, cpuPerCreate, drain, cpuPerDrained,
                creates);
    }

    /**
     * Every round's figures, their median and their spread ((max - min) / median): on this machine the same code
     * ranged by more than half between single runs, so a change is judged on the medians of several rounds, and only
     * when it moves them by more than the spread.
     */
    private static String summary(List<Round> warm, List<Round> rounds, int creates, int concurrency) {
        StringBuilder table = new StringBuilder(String.format("Load: per round, %d creates then %d reads from %d "
                + "threads, each over its own kept-alive loopback connection, 50 users, after a warm-up of %d creates, "
                + "then whole rounds, each followed by a pause until the JIT compiler went quiet, until two rounds "
                + "in a row each cost less than " + Math.round(STEADY_WITHIN * 100) + "%% less CPU per session than "
                + "the round before (at most " + MAX_WARM_UP_ROUNDS + "; they are shown, not counted); every session "
                + "then goes through the services (reserved, refused by the simulated backend, failed). "
                + "Then the same burst with the services' consumers paused (the gateway alone, the bus holding the "
                + "backlog), and the backlog drained once they resume. The load, the gateway, the other four services "
                + "and the broker share one JVM and the machine's 2 cores with PostgreSQL; CPU per session is the "
                + "JVM's, PostgreSQL not counted. Target: 0 errors, >= 1,000 creates/s.%n%n", creates, creates,
                concurrency, WARM_UP));
        table.append("| round | ").append(String.join(" | ", FIGURES)).append(" | errors |\n|---|");
        table.append("---|".repeat(FIGURES.length + 1)).append('\n');
        for (int r = 0; r < warm.size(); r++) {
            figures(table, "warm-up " + (r + 1) + " (not counted)", warm.get(r));
        }
        for (int r = 0; r < rounds.size(); r++) {
            figures(table, String.valueOf(r + 1), rounds.get(r));
        }
        StringBuilder median = new StringBuilder("| median");
        StringBuilder spread = new StringBuilder("| spread");
        for (int f = 0; f < FIGURES.length; f++) {
            int figure = f;
            double[] values = rounds.stream().mapToDouble(round -> round.figures()[figure]).sorted().toArray();
            double mid = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            median.append(String.format(" | %.1f", mid));
            spread.append(String.format(" | %.0f%%", 100 * (values[values.length - 1] - values[0]) / mid));
        }
        table.append(median).append(" | |\n").append(spread).append(" | |\n");
        table.append("\nWhere the machine's CPU went while each round's bursts ran, with everything running and with "
                + "the consumers paused (this JVM's threads by what they do; the rest of the JVM's CPU, which is its "
                + "garbage collector and JIT compiler and the load's own threads; and PostgreSQL's processes; % of the "
                + "CPU-seconds all of them took):\n\n| round | ");
        java.util.Set<String> kinds = rounds.get(0).burstCpu().keySet();
        table.append(String.join(" | ", kinds)).append(" | CPU-s |\n|---|").append("---|".repeat(kinds.size() + 1))
                .append('\n');
        for (int r = 0; r < rounds.size(); r++) {
            cpuRow(table, (r + 1) + ", everything running", rounds.get(r).burstCpu());
            cpuRow(table, (r + 1) + ", consumers paused", rounds.get(r).aloneCpu());
        }
        return table.toString();
    }

    private static void cpuRow(StringBuilder table, String label, Map<String, Double> cpu) {
        double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        table.append("| ").append(label);
        cpu.values().forEach(ms -> table.append(String.format(" | %.0f%%", 100 * ms / Math.max(total, 1e-9))));
        table.append(String.format(" | %.1f |%n", total / 1000));
    }

    private static void figures(StringBuilder table, String label, Round round) {
        table.append("| ").append(label);
        for (double v : round.figures()) {
            table.append(String.format(" | %.1f", v));
        }
        table.append(" | ").append(round.errors()).append(" |\n");
    }

    /** The last round's burst in detail: its calls, the gateway's own time for them, and the event hops. */
    private static String details(Platform platform, SessionLoad.Result result) {
        StringBuilder body = new StringBuilder("\nThe last round's burst with everything running:\n\n"
                + "| phase | calls | errors | per second | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        row(body, "create a session (POST /api/v1/sessions, 202)", result.creates());
        row(body, "read a session (GET /api/v1/sessions/{id}, 200)", result.reads());
        // where the time goes: the gateway's own measure of the same calls (server side)
        MeterRegistry gatewayMeters = platform.service("gateway-service").getBean(MeterRegistry.class);
        body.append("\nThe gateway's own time for them (`http_server_requests_seconds`, every round and the warm-up):"
                + "\n\n| call | n | mean ms | max ms |\n|---|---|---|---|\n");
        for (String uri : List.of("/api/v1/sessions", "/api/v1/sessions/{id}")) {
            for (Timer t : gatewayMeters.find("http.server.requests").tag("uri", uri).timers()) {
                body.append(String.format("| %s %s (%s) | %d | %.1f | %.1f |%n", t.getId().getTag("method"), uri,
                        t.getId().getTag("status"), t.count(), t.mean(TimeUnit.MILLISECONDS),
                        t.max(TimeUnit.MILLISECONDS)));
            }
        }
        body.append("\nEvent hops during that burst (outbox write to the consumer's commit; `kindling_event_hop_"
                + "seconds`, the last two minutes, after the load settled):\n\n");
        PlatformProbe.hops(platform, body);
        return body.toString();
    }

    /**
     * Waits, with no load, until the JIT compiler has spent less than a tenth of the last 10 s compiling (at most
     * {@code cap}): under load on 2 cores its thread gets a sliver of a core, and the hot paths ran in profiled,
     * unoptimised code for minutes after the warm-up. Returns how long it took.
     */
    private static Duration awaitCompilerQuiet(Duration cap) throws InterruptedException {
        var compiler = ManagementFactory.getCompilationMXBean();
        long t0 = System.nanoTime();
        long before = compiler.getTotalCompilationTime();
        while (System.nanoTime() - t0 < cap.toNanos()) {
            Thread.sleep(10_000);
            long now = compiler.getTotalCompilationTime();
            if (now - before < 1_000) {
                break;
            }
            before = now;
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void row(StringBuilder body, String what, SessionLoad.Phase phase) {
        body.append(String.format("| %s | %d | %d | %.0f | %.1f | %.1f | %.1f |%n", what, phase.calls(),
                phase.errors(), phase.perSecond(), phase.p50Micros() / 1000.0, phase.p99Micros() / 1000.0,
                phase.maxMicros() / 1000.0));
        phase.errorSamples().forEach(e -> System.out.println("  error: " + e));
    }
}
