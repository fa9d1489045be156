package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import io.kindling.provisioning.cluster.ClusterRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cold starts through the gateway: N sessions one after another, each on a new cluster (the previous one
 * is torn down first). Measures request -> {@code idle} and request -> first statement result.
 * Starts Kindling in-process on embedded defaults unless {@code --gateway URL} names a running one.
 */
public final class ColdStartBench {

    private static final String BODY = """
            {"name":"bench","kind":"sql","numExecutors":2,"executorCores":1,"executorMemory":"512m",
             "driverCores":1,"driverMemory":"1g"}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String gateway;
    private final Platform platform;

    private ColdStartBench(String gateway, Platform platform) {
        this.gateway = gateway;
        this.platform = platform;
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String gatewayUrl = null;
        Path report = Path.of("docs/benchmarks.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--gateway" -> gatewayUrl = args[++i];
                case "--report" -> report = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --runs N, --gateway URL, --report FILE)");
            }
        }
        Platform platform = null;
        if (gatewayUrl == null) {
            platform = Platform.start(PlatformOptions.forTests(Files.createTempDirectory("kindling-bench"),
                    Path.of(System.getProperty("kindling.runtime.root", "spark-runtime/target"))));
            gatewayUrl = platform.gatewayUrl();
        }
        try {
            ColdStartBench bench = new ColdStartBench(gatewayUrl, platform);
            List<Long> toIdle = new ArrayList<>();
            List<Long> toResult = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                long[] run = bench.coldStart();
                toIdle.add(run[0]);
                toResult.add(run[1]);
                System.out.printf("run %d: request -> idle %d ms, request -> first result %d ms%n", i, run[0], run[1]);
            }
            Report.Row idle = Report.row("cold start: request -> idle", toIdle);
            Report.Row first = Report.row("cold start: request -> first statement result", toResult);
            System.out.println(idle.format());
            System.out.println(first.format());
            Report.write(report, "cold-start", "Cold start (N=" + runs + ", 2 executors x 1 core x 512m, driver 1g)",
                    List.of(idle, first), "bin/kindling bench --runs " + runs);
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    /** One cold start; returns {ms to idle, ms to first result}. */
    private long[] coldStart() throws Exception {
        long t0 = System.nanoTime();
        String id = send("POST", "/api/v1/sessions", BODY).get("id").asString();
        JsonNode session = waitFor(id, "idle", Duration.ofMinutes(3));
        long idle = (System.nanoTime() - t0) / 1_000_000;
        int statement = send("POST", "/api/v1/sessions/" + id + "/statements",
                "{\"kind\":\"sql\",\"code\":\"SELECT 1 + 1 AS two\"}").get("id").asInt();
        while (!send("GET", "/api/v1/sessions/" + id + "/statements/" + statement, null).get("state").asString()
                .equals("available")) {
            Thread.sleep(20);
        }
        long first = (System.nanoTime() - t0) / 1_000_000;
        send("DELETE", "/api/v1/sessions/" + id, null);
        waitFor(id, "ended", Duration.ofMinutes(1));
        awaitTornDown(session.get("clusterId").asString());
        return new long[] {idle, first};
    }

    /** The next run must not compete with this cluster's shutdown for the two cores. */
    private void awaitTornDown(String clusterId) throws InterruptedException {
        if (platform == null) {
            // against a remote gateway there is no cluster API yet: give teardown its few seconds
            Thread.sleep(5_000);
            return;
        }
        ClusterRepository clusters = platform.services().stream()
                .filter(c -> c.getBeanProvider(ClusterRepository.class).stream().findAny().isPresent())
                .findFirst().orElseThrow().getBean(ClusterRepository.class);
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < until
                && clusters.find(clusterId).map(c -> !c.state().isTerminal()).orElse(false)) {
            Thread.sleep(100);
        }
    }

    private JsonNode waitFor(String id, String state, Duration within) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            JsonNode s = send("GET", "/api/v1/sessions/" + id, null);
            String now = s.get("state").asString();
            if (now.equals(state)) {
                return s;
            }
            if (now.equals("failed")) {
                throw new IllegalStateException("session failed: " + s);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("session " + id + " not " + state + " within " + within);
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }
}
