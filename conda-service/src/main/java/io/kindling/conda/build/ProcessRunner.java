package io.kindling.conda.build;

import io.kindling.conda.environment.EnvironmentFailure;
import io.kindling.kit.containment.UserCodeEnvironment;
import io.kindling.lifeline.Lifeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one install command with its output appended to the build log, bounded by the build's deadline. Past the
 * deadline, or when the worker is interrupted, the whole process tree is killed (children first, so no installer
 * subprocess outlives it).
 */
public final class ProcessRunner {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

    private final Clock clock;

    public ProcessRunner(Clock clock) {
        this.clock = clock;
    }

    /** {@link #run(List, Map, Path, String, Instant, Instant, BuildConfinement)} as this service's user. */
    public void run(List<String> command, Map<String, String> env, Path logFile, String step, Instant since,
                    Instant deadline) {
        run(command, env, logFile, step, since, deadline, BuildConfinement.none());
    }

    /**
     * @param step        what the command does, for the log and for a timeout message
     * @param deadline    when the build's install limit runs out
     * @param confinement where the command runs (its sandbox, if the build has one)
     * @throws BuildFailedException {@code INSTALL_TIMEOUT} past the deadline, {@code INSTALL_ERROR} on a non-zero
     *                              exit or when the command cannot start
     */
    public void run(List<String> command, Map<String, String> env, Path logFile, String step, Instant since,
                    Instant deadline, BuildConfinement confinement) {
        ProcessBuilder builder = new ProcessBuilder(confinement.wrap(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        await(start(builder, command, env, logFile, step, since, confinement), logFile, step, since, deadline);
    }

    /**
     * Runs {@code command} with its standard output written to {@code output} (a file this service makes and owns,
     * whatever the command may write) and its errors to the build log.
     */
    public void runTo(Path output, List<String> command, Path logFile, String step, Instant since, Instant deadline,
                      BuildConfinement confinement) {
        ProcessBuilder builder = new ProcessBuilder(confinement.wrap(command))
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        await(start(builder, command, Map.of(), logFile, step, since, confinement), logFile, step, since, deadline);
    }

    private Process start(ProcessBuilder builder, List<String> command, Map<String, String> env, Path logFile,
                          String step, Instant since, BuildConfinement confinement) {
        try {
            // nothing of conda-service's environment reaches a build (pip runs a package's setup.py); its HOME,
            // where pip keeps its cache, is one directory beside the build logs, or the sandboxed build's own
            Path home = confinement.home().isPresent() ? confinement.home().get() : Files.createDirectories(
                    logFile.toAbsolutePath().getParent().resolveSibling("build-home"));
            UserCodeEnvironment.scrub(builder.environment(), home);
            isolate(builder.environment());
            builder.environment().putAll(confinement.environment());
            builder.environment().putAll(env);
            BuildLog.append(logFile, "$ " + String.join(" ", command));
            // tied to this JVM as a process group: nothing of an install outlives conda-service, kill -9 included
            Process process = Lifeline.ofThisJvm().start(builder);
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new BuildFailedException(EnvironmentFailure.INSTALL_ERROR, "could not run " + command.get(0)
                    + ": " + e.getMessage(), step, since);
        }
    }

    private void await(Process process, Path logFile, String step, Instant since, Instant deadline) {
        try {
            long waitMillis = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            if (!process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
                int killed = killTree(process);
                BuildLog.append(logFile, "killed after the install limit: " + killed + " processes");
                throw new BuildFailedException(EnvironmentFailure.INSTALL_TIMEOUT, "the install limit ran out while "
                        + step + " (running since " + since + ")", step, since);
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new BuildFailedException(EnvironmentFailure.INSTALL_ERROR, "the build was interrupted (conda-service "
                    + "is stopping) while " + step, step, since);
        }
        if (process.exitValue() != 0) {
            throw new BuildFailedException(EnvironmentFailure.INSTALL_ERROR, step + " failed with exit code "
                    + process.exitValue(), step, since);
        }
    }

    /**
     * Installers run without the user's pip configuration (no {@code PIP_*} variables, no pip.conf, no user site),
     * so what is installed depends on the spec and Kindling's settings only.
     */
    static void isolate(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("PIP_"));
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PYTHONNOUSERSITE", "1");
    }

    /** Kills {@code process} and every descendant, and waits (bounded) until they are gone. */
    static int killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        // stop the parent from spawning more first, then everything it spawned
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : process.descendants().toList()) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("process {} of an install did not exit after SIGKILL", p.pid());
            }
        }
        return tree.size();
    }
}
