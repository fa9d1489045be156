package io.kindling.agent;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The agent's settings, read from one properties file.
 *
 * <p>Keys under {@code kindling.agent.} configure the agent itself; every key starting with
 * {@code spark.} goes unchanged to the {@code SparkConf} of the cluster's SparkContext. Any other
 * key is rejected, so a typo fails at start instead of being ignored.
 *
 * @param port loopback HTTP port of the agent API ({@code kindling.agent.port}, required)
 * @param secret shared secret every request carries ({@code kindling.agent.secret}, required)
 * @param parentPid process whose exit stops the agent ({@code kindling.agent.parent-pid})
 * @param expectedExecutors executors that must register before the agent is ready
 *     ({@code kindling.agent.expected-executors}, required)
 * @param readyTimeout bound on SparkContext start plus executor registration
 *     ({@code kindling.agent.ready-timeout-seconds}, default 120)
 * @param maxResultRows rows collected per statement ({@code kindling.agent.max-result-rows},
 *     default 1000)
 * @param failureExitDelay time a failed agent keeps answering health before it exits, so the
 *     launcher can read the reason ({@code kindling.agent.failure-exit-delay-seconds}, default 5)
 * @param masterLostTimeout how long a {@code spark://} master may refuse connections before the
 *     agent fails ({@code kindling.agent.master-lost-timeout-seconds}, default 15)
 * @param resetOnClose whether closing a session also clears what sessions share (cache, in-memory
 *     catalog tables and databases, global temp views), so the next session on a warm cluster sees
 *     nothing of it ({@code kindling.agent.reset-on-close}, default true; attached pools with a
 *     persistent catalog turn it off)
 * @param warmUp whether to run a throwaway session and job before reporting ready
 *     ({@code kindling.agent.warm-up}, default false; pre-warmed pool drivers turn it on)
 * @param python the interpreter of the sessions' {@code pyspark} statements ({@code kindling.agent.python}; without
 *     it the agent runs no Python)
 * @param pythonEnvironment the name under which {@code spark.archives} unpacks the session's environment on the
 *     driver and on each executor ({@code kindling.agent.python-environment}); its {@code bin/python} then runs the
 *     statements and the executors' Python workers, in place of {@code python}
 * @param executorPython the executors' interpreter for that environment ({@code kindling.agent.executor-python}:
 *     the runtime's launcher, which finds the executor's copy of it)
 * @param sparkConf every {@code spark.*} entry, plus the agent's defaults
 */
public record AgentConfig(
        int port,
        String secret,
        OptionalLong parentPid,
        int expectedExecutors,
        Duration readyTimeout,
        int maxResultRows,
        Duration failureExitDelay,
        Duration masterLostTimeout,
        boolean resetOnClose,
        boolean warmUp,
        Optional<String> python,
        Optional<String> pythonEnvironment,
        Optional<String> executorPython,
        Map<String, String> sparkConf) {

    static final String PREFIX = "kindling.agent.";
    private static final Set<String> AGENT_KEYS = Set.of(
            "port", "secret", "parent-pid", "expected-executors", "ready-timeout-seconds",
            "max-result-rows", "failure-exit-delay-seconds", "master-lost-timeout-seconds", "reset-on-close", "warm-up",
            "python", "python-environment", "executor-python");
    /** Spark settings the agent applies unless the properties file sets them. */
    static final Map<String, String> SPARK_DEFAULTS = Map.of(
            "spark.scheduler.minRegisteredResourcesRatio", "1.0");

    /** Copies the Spark settings into an unmodifiable sorted map. */
    public AgentConfig {
        sparkConf = Collections.unmodifiableMap(new TreeMap<>(sparkConf));
    }

    /** Reads and validates the properties file at {@code path} (UTF-8). */
    public static AgentConfig load(Path path) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return parse(props);
    }

    /**
     * Validates {@code props}; every problem is reported at once in one
     * {@link IllegalArgumentException}.
     */
    public static AgentConfig parse(Properties props) {
        List<String> problems = new ArrayList<>();
        Map<String, String> spark = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            if (key.startsWith("spark.")) {
                spark.put(key, value);
            } else if (!key.startsWith(PREFIX) || !AGENT_KEYS.contains(key.substring(PREFIX.length()))) {
                problems.add("unknown key '" + key + "' (allowed: spark.* and " + PREFIX + "{"
                        + String.join(", ", new TreeSet<>(AGENT_KEYS)) + "})");
            }
        }
        SPARK_DEFAULTS.forEach(spark::putIfAbsent);
        int port = intValue(props, "port", null, 1, 65_535, problems);
        String secret = props.getProperty(PREFIX + "secret", "").trim();
        if (secret.isEmpty()) {
            problems.add(PREFIX + "secret is required");
        }
        String pid = props.getProperty(PREFIX + "parent-pid", "").trim();
        OptionalLong parentPid = OptionalLong.empty();
        if (!pid.isEmpty()) {
            parentPid = OptionalLong.of(intValue(props, "parent-pid", null, 1, Integer.MAX_VALUE, problems));
        }
        int executors = intValue(props, "expected-executors", null, 0, 10_000, problems);
        int readySeconds = intValue(props, "ready-timeout-seconds", 120, 1, 86_400, problems);
        int maxRows = intValue(props, "max-result-rows", 1000, 1, 1_000_000, problems);
        int exitDelay = intValue(props, "failure-exit-delay-seconds", 5, 0, 3_600, problems);
        int masterLost = intValue(props, "master-lost-timeout-seconds", 15, 1, 86_400, problems);
        String reset = props.getProperty(PREFIX + "reset-on-close", "true").trim();
        if (!reset.equals("true") && !reset.equals("false")) {
            problems.add(PREFIX + "reset-on-close must be true or false, was " + reset);
        }
        String warmUp = props.getProperty(PREFIX + "warm-up", "false").trim();
        if (!warmUp.equals("true") && !warmUp.equals("false")) {
            problems.add(PREFIX + "warm-up must be true or false, was " + warmUp);
        }
        Optional<String> python = Optional.of(props.getProperty(PREFIX + "python", "").trim())
                .filter(p -> !p.isEmpty());
        Optional<String> pythonEnvironment = Optional.of(props.getProperty(PREFIX + "python-environment", "").trim())
                .filter(p -> !p.isEmpty());
        Optional<String> executorPython = Optional.of(props.getProperty(PREFIX + "executor-python", "").trim())
                .filter(p -> !p.isEmpty());
        if (pythonEnvironment.isPresent() && executorPython.isEmpty()) {
            problems.add(PREFIX + "python-environment needs " + PREFIX + "executor-python");
        }
        if (pythonEnvironment.isPresent() && !pythonEnvironment.get().matches("[A-Za-z0-9_.-]+")) {
            problems.add(PREFIX + "python-environment must be an archive's link name, was " + pythonEnvironment.get());
        }
        if (!spark.containsKey("spark.master")) {
            problems.add("spark.master is required (e.g. spark://127.0.0.1:7077)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid agent properties: " + String.join("; ", problems));
        }
        return new AgentConfig(port, secret, parentPid, executors, Duration.ofSeconds(readySeconds),
                maxRows, Duration.ofSeconds(exitDelay), Duration.ofSeconds(masterLost), reset.equals("true"),
                warmUp.equals("true"), python, pythonEnvironment, executorPython, spark);
    }

    private static int intValue(Properties props, String name, Integer fallback, int min, int max,
            List<String> problems) {
        String raw = props.getProperty(PREFIX + name, "").trim();
        if (raw.isEmpty()) {
            if (fallback == null) {
                problems.add(PREFIX + name + " is required");
                return min;
            }
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                problems.add(PREFIX + name + " must be in [" + min + ", " + max + "], was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(PREFIX + name + " must be an integer, was '" + raw + "'");
            return min;
        }
    }

    /** The configuration without secrets (agent secret, Spark keys naming a secret), for logs. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(sparkConf);
        shown.replaceAll((key, value) -> key.matches("(?i).*(secret|password|token|credential).*")
                ? "*****" : value);
        return "AgentConfig[port=" + port + ", parentPid=" + parentPid + ", expectedExecutors="
                + expectedExecutors + ", readyTimeout=" + readyTimeout + ", maxResultRows="
                + maxResultRows + ", python=" + python.orElse("none")
                + pythonEnvironment.map(e -> " (environment " + e + ")").orElse("") + ", sparkConf=" + shown + "]";
    }
}
