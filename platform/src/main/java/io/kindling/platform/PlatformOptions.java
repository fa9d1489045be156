package io.kindling.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the all-in-one starts.
 *
 * @param kafkaBootstrap  an external broker, or {@code null} to start one in-process on {@code kafkaPort}
 * @param databaseUrl     an external PostgreSQL JDBC URL, or {@code null} to start one embedded on {@code databasePort}
 * @param gatewayPort     the public API port (0 for any)
 * @param internalPorts   whether the four internal services take fixed ports (8081-8084) or any free port
 * @param workDir         clusters, drivers and (embedded) database data live under here
 * @param runtimeRoot     the directory holding {@code spark-<version>/} runtimes
 * @param keepDatabase    keep the embedded database between runs (false: a throw-away platform, for tests and
 *                        benchmarks, whose work dir is deleted when it closes)
 * @param overrides       settings given to every service (e.g. short durations for tests)
 */
public record PlatformOptions(String kafkaBootstrap, int kafkaPort, String databaseUrl, String databaseUser,
                              String databasePassword, int databasePort, int gatewayPort, boolean internalPorts,
                              Path workDir, Path runtimeRoot, boolean keepDatabase, Map<String, Object> overrides) {

    /** Everything embedded on free ports, for tests. */
    public static PlatformOptions forTests(Path workDir, Path runtimeRoot) {
        return new PlatformOptions(null, 0, null, null, null, 0, 0, false, workDir, runtimeRoot, false, Map.of());
    }

    public PlatformOptions withOverrides(Map<String, Object> more) {
        Map<String, Object> all = new java.util.HashMap<>(overrides);
        all.putAll(more);
        return new PlatformOptions(kafkaBootstrap, kafkaPort, databaseUrl, databaseUser, databasePassword,
                databasePort, gatewayPort, internalPorts, workDir, runtimeRoot, keepDatabase, Map.copyOf(all));
    }
}
