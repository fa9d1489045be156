package io.kindling.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running Kindling for every test class of this JVM: started on first use, stopped (with every Spark
 * process it started) when the whole test run ends.
 */
public final class SharedPlatform implements BeforeAllCallback {

    /**
     * Real timeouts in seconds: one minute of {@code timeoutMinutes} lasts a second; the grace is 6 s; a request
     * for a pool nobody attached fails after 15 s.
     */
    static final java.util.Map<String, Object> SHORT_DURATIONS = java.util.Map.of(
            "kindling.session.timeout-unit", "1s",
            "kindling.teardown.cluster-grace", "6s",
            "kindling.provisioning.pool-wait", "15s");

    /**
     * Short enough for a test, long enough for the real builds here (about 3 s alone, over 10 s on 2 cores
     * while clusters start next to them); the sleepy one never ends.
     */
    static final String INSTALL_TIMEOUT = "30s";

    private static volatile Platform platform;
    private static volatile Path wheelhouse;
    private static volatile Path spans;

    /** The file every service writes its finished spans to (tracing is on for the whole suite). */
    static Path spans() {
        platform();
        return spans;
    }

    /** The local wheelhouse the platform's venv builder installs from ({@code --no-index --find-links}). */
    static Path wheelhouse() {
        platform();
        return wheelhouse;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SharedPlatform.class.getName(), key -> new Closer(), Closer.class);
    }

    static Platform platform() {
        if (platform == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedPlatform.class)");
        }
        return platform;
    }

    /** The meters of one service (e.g. {@code conda-service}). */
    static io.micrometer.core.instrument.MeterRegistry meters(String service) {
        return platform().service(service).getBean(io.micrometer.core.instrument.MeterRegistry.class);
    }

    /** A bean of whichever service context has one (tests that look inside a service). */
    static <T> T bean(Class<T> type) {
        return platform().bean(type);
    }

    /** Starts the platform; the root store closes it after the last test. */
    private static final class Closer implements AutoCloseable {

        Closer() {
            try {
                Path work = Files.createTempDirectory("kindling-test");
                wheelhouse = Files.createDirectories(work.resolve("wheelhouse"));
                // the real PyPI wheels the build downloaded (pypi-test-packages.lock)
                try (java.util.stream.Stream<Path> wheels = Files.list(Path.of(System.getProperty(
                        "kindling.test.pypi-wheels", "target/pypi-wheels")))) {
                    for (Path wheel : wheels.filter(w -> w.toString().endsWith(".whl")).toList()) {
                        Files.copy(wheel, wheelhouse.resolve(wheel.getFileName()));
                    }
                }
                java.util.Map<String, Object> settings = new java.util.HashMap<>(SHORT_DURATIONS);
                // the pools these tests start run on this host's loopback, which an install refuses by default
                settings.put("kindling.gateway.pools.allowed-addresses", "127.0.0.1");
                // some tests name the examples' build output by path, which an install refuses by default
                settings.put("kindling.jobs.host-paths", Path.of("../examples").toAbsolutePath().normalize()
                        .toString());
                settings.put("kindling.conda.builder", "venv");
                // the install-timeout test's package is an sdist whose build never ends; an install builds none
                // by default (conda-service's SourceBuildsTest shows both ways with real pip)
                settings.put("kindling.conda.allow-source-builds", "true");
                settings.put("kindling.conda.install-timeout", INSTALL_TIMEOUT);
                settings.put("kindling.conda.venv.find-links", wheelhouse.toString());
                spans = work.resolve("traces/spans.jsonl");
                settings.put("kindling.tracing.file", spans.toString());
                platform = Platform.start(PlatformOptions.forTests(work,
                        Path.of(System.getProperty("kindling.runtime.root"))).withOverrides(settings));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            platform.close();
            platform = null;
        }
    }
}
