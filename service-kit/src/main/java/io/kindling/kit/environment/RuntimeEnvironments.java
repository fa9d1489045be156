package io.kindling.kit.environment;

import io.kindling.conda.spec.NetworkPolicy;
import io.kindling.conda.spec.RuntimeComponents;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.lifeline.Lifeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fixed parts of each runtime as a conda spec sees them (its Python, PySpark/Spark, Scala, Java) and the
 * workspace's network policy. The Python release is asked of the configured interpreter once.
 */
public class RuntimeEnvironments {

    private static final Pattern SCALA_JAR = Pattern.compile("scala-library-(\\d+\\.\\d+\\.\\d+)\\.jar");

    private final EnvironmentProperties props;
    private volatile PythonInfo python;

    /**
     * What the configured interpreter reported.
     *
     * @param version  e.g. {@code 3.11.7}
     * @param platform e.g. {@code linux-x86_64}
     */
    public record PythonInfo(String version, String platform) {
    }

    public RuntimeEnvironments(EnvironmentProperties props) {
        this.props = props;
    }

    /** @throws EnvironmentsUnavailableException when the interpreter cannot be run */
    public RuntimeComponents components(SparkRuntime runtime) {
        // the runtime's own Python where it has one (its sessions' and jobs' Python code runs on it)
        String pythonVersion = runtime.python().map(p -> p.version()).orElseGet(() -> python().version());
        return new RuntimeComponents(pythonVersion, runtime.sparkVersion(), scalaVersion(runtime),
                Integer.toString(Runtime.version().feature()));
    }

    public NetworkPolicy policy() {
        return new NetworkPolicy(props.networkIsolation(), props.allowedChannels(), props.allowedIndexes());
    }

    /** @throws EnvironmentsUnavailableException when the interpreter cannot be run */
    public PythonInfo python() {
        PythonInfo info = python;
        if (info == null) {
            info = probe(props.python());
            python = info;
        }
        return info;
    }

    private static PythonInfo probe(String interpreter) {
        try {
            Process p = Lifeline.ofThisJvm().start(new ProcessBuilder(interpreter, "-c",
                    "import platform, sys; print(platform.python_version()); print(sys.platform + '-' + platform.machine())")
                    .redirectErrorStream(true));
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EnvironmentsUnavailableException("the Python interpreter '" + interpreter
                        + "' (kindling.environments.python) did not answer within 30s");
            }
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (p.exitValue() != 0 || lines.size() < 2) {
                throw new EnvironmentsUnavailableException("the Python interpreter '" + interpreter
                        + "' (kindling.environments.python) failed: " + String.join(" ", lines));
            }
            return new PythonInfo(lines.get(0).strip(), lines.get(1).strip());
        } catch (IOException e) {
            throw new EnvironmentsUnavailableException("no Python interpreter '" + interpreter
                    + "' (kindling.environments.python): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentsUnavailableException("interrupted while asking " + interpreter + " its version");
        }
    }

    /** The full Scala release from the runtime's {@code scala-library} jar, else its binary version. */
    static String scalaVersion(SparkRuntime runtime) {
        try (Stream<Path> jars = Files.list(runtime.home().resolve("jars"))) {
            Optional<String> full = jars.map(j -> SCALA_JAR.matcher(j.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> m.group(1)).findFirst();
            return full.orElse(runtime.scalaVersion());
        } catch (IOException e) {
            return runtime.scalaVersion();
        }
    }
}
