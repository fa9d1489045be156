package io.kindling.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One Kindling service taken out of the shared platform's JVM and run as a process of its own, on the same port and
 * settings, so a test can {@code kill -9} it in the middle of a flow. {@link #close()} kills it if it still runs and
 * puts the service back into the platform.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Platform platform;
    private final String name;
    private final Process process;
    private final Path log;
    private boolean backInPlatform;
    private long restartedAt;

    private ServiceProcess(Platform platform, String name, Process process, Path log) {
        this.platform = platform;
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Stops service {@code name} in the platform, runs it as a process and waits until it is ready. */
    static ServiceProcess start(Platform platform, String name, Path logDir) {
        // the gateway's actuator is on its operator port; its public one answers /readyz
        return start(platform, name, logDir, UnaryOperator.identity(), "gateway-service".equals(name) ? "/readyz"
                : "/actuator/health/readiness");
    }

    /**
     * Stops service {@code name} in the platform and runs it as a process with its arguments changed by {@code
     * arguments} (a fault of its own, such as a bus it cannot reach), waiting until {@code health} answers 200.
     */
    static ServiceProcess start(Platform platform, String name, Path logDir, UnaryOperator<List<String>> arguments,
                                String health) {
        Platform.ServiceLaunch launch = platform.launch(name);
        platform.stopService(name);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), launch.mainClass()));
        command.addAll(arguments.apply(launch.arguments()));
        try {
            Path log = Files.createDirectories(logDir).resolve(name + "-" + System.currentTimeMillis() + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            ServiceProcess started = new ServiceProcess(platform, name, process, log);
            started.awaitHealthy(port(launch), health);
            return started;
        } catch (IOException e) {
            platform.startService(name);
            throw new UncheckedIOException("could not run " + name + " as a process", e);
        }
    }

    private static int port(Platform.ServiceLaunch launch) {
        return launch.arguments().stream().filter(a -> a.startsWith("--server.port=")).findFirst()
                .map(a -> Integer.parseInt(a.substring("--server.port=".length())))
                .orElseThrow(() -> new IllegalStateException("no --server.port in " + launch.arguments()));
    }

    private void awaitHealthy(int port, String health) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + health))
                .timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(name + " exited at start; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(name + " was not ready within 2 minutes; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no graceful stop, no last commit. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts the service back into the platform (a restart after the crash). */
    void restartInPlatform() {
        if (process.isAlive()) {
            kill();
        }
        if (!backInPlatform) {
            backInPlatform = true;
            platform.startService(name);
            restartedAt = System.nanoTime();
        }
    }

    /** Milliseconds since the service was back in the platform. */
    long millisSinceRestart() {
        return (System.nanoTime() - restartedAt) / 1_000_000;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public void close() {
        restartInPlatform();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
