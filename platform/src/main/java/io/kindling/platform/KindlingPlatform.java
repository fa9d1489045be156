package io.kindling.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/kindling up}: starts Kindling on its embedded defaults and runs until SIGTERM or Ctrl-C,
 * which stops everything it started, Spark clusters included. With {@code token} as the first argument
 * ({@code bin/kindling token ...}) it mints a bearer token instead: see {@link TokenCommand}; with {@code traces}
 * it prints the spans a {@code --traces} run wrote: see {@link TracesCommand}. External endpoints come from the
 * environment: {@code KAFKA_BOOTSTRAP_SERVERS}, {@code DATABASE_URL} (+ {@code DATABASE_USER},
 * {@code DATABASE_PASSWORD}), {@code GATEWAY_PORT}, {@code KINDLING_HOME}, {@code KINDLING_RUNTIME_ROOT}; the embedded
 * broker's and database's ports ({@code KINDLING_KAFKA_PORT}, {@code KINDLING_DATABASE_PORT}), and {@code
 * KINDLING_INTERNAL_PORTS=any} for internal services on free ports instead of 8081-8084 (a second Kindling on the
 * host).
 */
public final class KindlingPlatform {

    private KindlingPlatform() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(env("KINDLING_HOME", ".kindling"));
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(home, java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        if (args.length > 0 && args[0].equals("traces")) {
            System.exit(TracesCommand.run(home, java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        Map<String, Object> overrides = new java.util.HashMap<>();
        if (java.util.Arrays.asList(args).contains("--traces") || "true".equals(System.getenv("KINDLING_TRACES"))) {
            // every span to one file; with OTEL_EXPORTER_OTLP_ENDPOINT set they go to the collector too
            overrides.put("kindling.tracing.file", TracesCommand.file(home).toAbsolutePath().toString());
        }
        PlatformOptions options = new PlatformOptions(
                System.getenv("KAFKA_BOOTSTRAP_SERVERS"), Integer.parseInt(env("KINDLING_KAFKA_PORT", "9092")),
                System.getenv("DATABASE_URL"), env("DATABASE_USER", "kindling"), env("DATABASE_PASSWORD", "kindling"),
                Integer.parseInt(env("KINDLING_DATABASE_PORT", "15432")),
                Integer.parseInt(env("GATEWAY_PORT", "8080")), !env("KINDLING_INTERNAL_PORTS", "fixed").equals("any"),
                home,
                Path.of(env("KINDLING_RUNTIME_ROOT", "spark-runtime/target")), true, Map.copyOf(overrides));
        Platform platform = Platform.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Kindling...");
            platform.close();
            stopped.countDown();
        }, "kindling-shutdown"));
        System.out.println("Kindling is ready at " + platform.gatewayUrl() + " (a token for its API: "
                + "bin/kindling token --user <you>)");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
