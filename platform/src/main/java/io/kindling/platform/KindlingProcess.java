package io.kindling.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kindling as {@code bin/kindling up} runs it, for tests and benchmarks that stop or kill it: the all-in-one's main in
 * a JVM of its own (this JVM's classpath), on a data directory that outlives it ({@code KINDLING_HOME}), on free ports.
 * Every process of the run, the JVM and whatever it starts (PostgreSQL, Spark daemons, drivers, executors, the
 * lifeline's reaper), carries {@code KINDLING_RUN=<tag>} in its environment, so what is left of a run can be listed,
 * as {@code bin/check-leaks} does.
 */
public final class KindlingProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Kindling is ready at (http://\\S+)");
    private static final String TAG = "KINDLING_RUN";

    private final Process jvm;
    private final Path home;
    private final Path log;
    private final String tag;
    private String gatewayUrl;

    private KindlingProcess(Process jvm, Path home, Path log, String tag) {
        this.jvm = jvm;
        this.home = home;
        this.log = log;
        this.tag = tag;
    }

    /** Starts Kindling on {@code home} (kept between runs), its processes tagged {@code tag}; waits until ready. */
    public static KindlingProcess start(Path home, String tag, Duration within) {
        return start(home, tag, within, Map.of());
    }

    /** The same, with more environment variables ({@code KINDLING_TEARDOWN_CLUSTER_GRACE=10m}, say). */
    public static KindlingProcess start(Path home, String tag, Duration within, Map<String, String> more) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.kindling.platform.KindlingPlatform");
        try {
            Files.createDirectories(home);
            Path log = home.resolve("kindling-" + System.currentTimeMillis() + ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put(TAG, tag);
            env.put("KINDLING_HOME", home.toString());
            env.put("KINDLING_RUNTIME_ROOT", Path.of(System.getProperty("kindling.runtime.root",
                    "spark-runtime/target")).toAbsolutePath().toString());
            env.put("GATEWAY_PORT", String.valueOf(freePort()));
            env.put("KINDLING_KAFKA_PORT", String.valueOf(freePort()));
            env.put("KINDLING_DATABASE_PORT", String.valueOf(freePort()));
            env.put("KINDLING_INTERNAL_PORTS", "any");
            env.putAll(more);
            KindlingProcess kindling = new KindlingProcess(builder.start(), home, log, tag);
            kindling.awaitReady(within);
            return kindling;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Kindling on " + home, e);
        }
    }

    private void awaitReady(Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            Matcher ready = READY.matcher(output());
            if (ready.find()) {
                gatewayUrl = ready.group(1);
                return;
            }
            if (!jvm.isAlive()) {
                throw new IllegalStateException("Kindling exited with " + jvm.exitValue() + " while starting; see "
                        + log);
            }
            sleep(250);
        }
        throw new IllegalStateException("Kindling was not ready within " + within + "; see " + log);
    }

    /** What the JVM printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Its gateway, e.g. {@code http://localhost:41234}. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** A bearer token for {@code user}, signed with this Kindling's local key, as {@code bin/kindling token} mints. */
    public String token(String user) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TokenCommand.run(home, new String[] {"--user", user}, new PrintStream(out, true,
                StandardCharsets.UTF_8), System.err);
        if (status != 0) {
            throw new IllegalStateException("no token for " + user + ": " + out);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    public long pid() {
        return jvm.pid();
    }

    /** SIGTERM (Ctrl-C, docker stop): returns how long the JVM took to exit, waiting at most {@code within}. */
    public Duration stop(Duration within) {
        long started = System.nanoTime();
        jvm.destroy();
        awaitExit(within);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL: no shutdown hook, no last word. */
    public void kill() {
        jvm.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    public int exitValue() {
        return jvm.exitValue();
    }

    private void awaitExit(Duration within) {
        try {
            if (!jvm.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kindling (pid " + jvm.pid() + ") did not exit within " + within
                        + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A live process of the run: its pid and its whole command line (shown shortened). */
    public record RunProcess(long pid, String command) {
        @Override
        public String toString() {
            return pid + " " + command.substring(0, Math.min(200, command.length()));
        }
    }

    /** Every live process that carries this run's tag: what is left of it once it is gone. */
    public List<RunProcess> processesOfTheRun() {
        List<RunProcess> left = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String environ = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (Stream.of(environ.split("\0")).anyMatch((TAG + "=" + tag)::equals)) {
                        String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                .replace('\0', ' ');
                        left.add(new RunProcess(Long.parseLong(p.getFileName().toString()), cmdline));
                    }
                } catch (IOException goneOrNotOurs) {
                    // it exited meanwhile, or belongs to another user
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return left;
    }

    /** Kills whatever is left of the run (after a failed test): no process of it may outlive the test. */
    @Override
    public void close() {
        jvm.destroyForcibly();
        for (RunProcess process : processesOfTheRun()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
