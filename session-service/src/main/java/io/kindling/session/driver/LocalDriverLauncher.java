package io.kindling.session.driver;

import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.Sandbox;
import io.kindling.kit.containment.UserCodeEnvironment;
import io.kindling.kit.runtime.ClassDataSharing;
import io.kindling.kit.runtime.ClassListArchives;
import io.kindling.kit.runtime.SparkConfScope;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.lifeline.Lifeline;
import io.kindling.lifeline.ProcessStop;
import io.kindling.session.SessionServiceProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Runs the session agent as a child JVM on this host, in client mode against the cluster's master.
 * The agent watches this process and exits with it, so no driver outlives the control plane.
 */
@Component
class LocalDriverLauncher implements DriverLauncher {

    /** How long the service's stop waits for its drivers before it kills them (a stop is done within seconds). */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** The agent's port in a sandbox: the namespace is the cluster's alone, and Spark's own ports are ephemeral. */
    static final int SANDBOX_AGENT_PORT = 7079;
    /** A sandboxed driver's list of the classes it loads, in its directory. */
    private static final String DRIVER_CLASS_LIST = "driver.classlist";

    private final SessionServiceProperties props;
    private final ClassDataSharing cds;
    private final ClassListArchives classListArchives;
    private final Containment containment;
    private final AgentSecrets secrets;
    private final java.util.Set<DriverHandle> launched = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The runtime of each driver in {@link #launched}, by cluster: what a sandboxed one listed is learnt at its stop. */
    private final Map<String, SparkRuntime> runtimes = new java.util.concurrent.ConcurrentHashMap<>();

    LocalDriverLauncher(SessionServiceProperties props, ClassDataSharing cds, ClassListArchives classListArchives,
                        Containment containment, AgentSecrets secrets) {
        this.secrets = secrets;
        this.classListArchives = classListArchives;
        this.props = props;
        this.cds = cds;
        this.containment = containment;
    }

    @Override
    public Optional<String> refusal(String masterUrl) {
        return containment.refusesDriverFor(URI.create(masterUrl).getHost());
    }

    @Override
    public DriverHandle launch(DriverSpec spec) {
        try {
            Path dir = props.workDir().resolve(spec.clusterId()).toAbsolutePath();
            Files.createDirectories(dir);
            // a serverless cluster's driver joins the cluster's sandbox, if it has one: its network, its user
            Optional<Sandbox> sandbox = containment.sandboxAt(URI.create(spec.masterUrl()).getHost());
            String host = sandbox.map(Sandbox::address).orElse("127.0.0.1");
            int port = sandbox.isPresent() ? SANDBOX_AGENT_PORT : freePort();
            String salt = secrets.newSalt();
            String secretHex = secrets.secret(spec.clusterId(), salt);
            Path config = writeConfig(spec, dir, host, port, secretHex, sandbox.isPresent());
            sandbox.ifPresent(s -> s.prepare(dir, spec.runtime().home(), cds.root()));
            if (spec.pool() != null) {
                // a pool Kindling started runs sandboxed, and each of its drivers in its sandbox: the pool's
                // warehouse and catalog, which its sessions share, are its user's
                sandbox.ifPresent(s -> ownOnce(s, props.workDir().resolve("pools").resolve(spec.pool())));
            }
            // sandboxed, it only lists its classes for an archive (ClassListArchives), learnt when it stops
            ClassDataSharing.Launch sharing = cds.forRole(spec.runtime(), "driver", sandbox.isEmpty(),
                    dir.resolve(DRIVER_CLASS_LIST));
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.add("-Xmx" + spec.size().driverMemoryMb() + "m");
            command.addAll(sharing.flags());
            command.addAll(spec.runtime().moduleOptions());
            command.add("-Dlog4j.configurationFile=" + spec.runtime().home().resolve("conf/log4j2.properties"));
            if (sandbox.isPresent()) {
                // temp files in the driver's own directory, not the host's shared /tmp
                command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
            }
            command.add("-cp");
            command.add(spec.runtime().classpath());
            command.add("io.kindling.agent.AgentMain");
            command.add(config.toString());
            ProcessBuilder builder = new ProcessBuilder(sandbox.map(s -> s.wrap(command)).orElse(command))
                    .directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
            Map<String, String> env = builder.environment();
            // the agent's Python interpreters inherit this: nothing of the service's environment
            UserCodeEnvironment.scrub(env, dir);
            env.put("SPARK_HOME", spec.runtime().home().toString());
            env.put("SPARK_SCALA_VERSION", spec.runtime().scalaVersion());
            env.put("SPARK_LOCAL_IP", host);
            // tied to this JVM as a process group (the agent and what it starts): none outlives session-service
            Process process = Lifeline.ofThisJvm().start(builder);
            DriverHandle handle = new DriverHandle(spec.clusterId(), process.pid(), host, port, secretHex, salt,
                    dir);
            launched.add(handle);
            runtimes.put(spec.clusterId(), spec.runtime());
            cds.started(process.pid(), sharing);
            return handle;
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch the driver for cluster " + spec.clusterId(), e);
        }
    }

    /** Gives {@code dir} to the sandbox's user unless it has it already (a pool's warehouse may be large). */
    private static void ownOnce(Sandbox sandbox, Path dir) {
        try {
            if (!Files.isDirectory(dir) || ((Number) Files.getAttribute(dir, "unix:uid")).longValue()
                    != sandbox.uid()) {
                sandbox.own(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not give " + dir + " to the pool's sandbox", e);
        }
    }

    private Path writeConfig(DriverSpec spec, Path dir, String host, int port, String secret, boolean sandboxed)
            throws IOException {
        Properties p = new Properties();
        // static conf only: each session sets its own SQL conf when it opens, so none leaks to the next
        SparkConfScope.staticPart(spec.conf()).forEach(p::setProperty);
        p.setProperty("kindling.agent.port", String.valueOf(port));
        p.setProperty("kindling.agent.secret", secret);
        p.setProperty("kindling.agent.parent-pid", String.valueOf(ProcessHandle.current().pid()));
        p.setProperty("kindling.agent.expected-executors", String.valueOf(spec.size().numExecutors()));
        p.setProperty("kindling.agent.warm-up", String.valueOf(spec.warmUp()));
        p.setProperty("kindling.agent.ready-timeout-seconds", String.valueOf(props.driverReadyTimeout().toSeconds()));
        p.setProperty("spark.master", spec.masterUrl());
        p.setProperty("spark.app.name", "kindling-" + spec.clusterId());
        p.setProperty("spark.driver.host", host);
        p.setProperty("spark.driver.bindAddress", host);
        p.setProperty("spark.executor.memory", spec.size().executorMemoryMb() + "m");
        p.setProperty("spark.executor.cores", String.valueOf(spec.size().executorCores()));
        p.setProperty("spark.cores.max", String.valueOf(spec.size().numExecutors() * spec.size().executorCores()));
        p.setProperty("spark.driver.memory", spec.size().driverMemoryMb() + "m");
        p.setProperty("spark.driver.cores", String.valueOf(spec.size().driverCores()));
        // a pool's tables outlive its sessions: they share the pool's warehouse
        Path warehouse = spec.pool() == null ? dir.resolve("warehouse")
                : props.workDir().resolve("pools").resolve(spec.pool()).resolve("warehouse");
        p.setProperty("spark.sql.warehouse.dir", warehouse.toAbsolutePath().toUri().toString());
        if (!spec.jars().isEmpty()) {
            p.setProperty("spark.jars", String.join(",", spec.jars()));
        }
        if (spec.pool() != null) {
            // a pool keeps its tables: no reset when a session closes, and its catalog outlives the driver
            p.setProperty("kindling.agent.reset-on-close", "false");
            p.setProperty("spark.kindling.catalog.dir", warehouse.getParent().resolve("catalog").toAbsolutePath()
                    .toString());
        }
        p.setProperty("spark.local.dir", dir.resolve("tmp").toString());
        p.setProperty("spark.ui.enabled", "false");
        if (spec.pool() == null) {
            // a serverless cluster's executors map the runtime's executor archive, or list what they load for one
            // (an attached pool's hosts have neither the archive nor the empty configuration directory it needs)
            p.setProperty("spark.executor.extraJavaOptions", String.join(" ",
                    classListArchives.executorFlags(spec.runtime())));
        }
        // executors find the session's environment first on PATH (./environment is unpacked in their work dir)
        p.setProperty("spark.executorEnv.PATH", "./environment/bin:" + System.getenv().getOrDefault("PATH",
                "/usr/local/bin:/usr/bin:/bin"));
        // pyspark statements run on the runtime's Python (and their executors' Python workers too)
        spec.runtime().python().ifPresent(python -> p.setProperty("kindling.agent.python",
                python.executable().toString()));
        if (spec.environment() != null) {
            Path archive = dir.resolve("environments").resolve("environment-" + spec.sessionId() + ".tar.gz");
            // in a sandbox the driver's directory becomes its user's, but a link stays root's (Sandbox#own): a link
            // it may read, or a copy of its own
            Path source = Path.of(URI.create(spec.environment()));
            linkOrCopy(source, archive, sandboxed && !Files.getPosixFilePermissions(source)
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
            p.setProperty("spark.archives", archive.toUri() + "#environment");
            // pyspark statements and their executors' Python workers run on the environment's Python
            p.setProperty("kindling.agent.python-environment", "environment");
            spec.runtime().python().ifPresent(python -> p.setProperty("kindling.agent.executor-python",
                    python.environmentPython().toString()));
        }
        Path file = dir.resolve("agent.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "session agent for cluster " + spec.clusterId());
        }
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
        return file;
    }

    /** The driver's own name for the archive, which stays valid for its life even if the original is deleted. */
    private static void linkOrCopy(Path source, Path target, boolean copy) throws IOException {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        if (copy) {
            Files.copy(source, target);
            return;
        }
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException differentFileSystem) {
            Files.copy(source, target);
        }
    }

    /**
     * Stops every driver this launcher started that still runs, all at once and within {@link #SHUTDOWN_GRACE}: tests
     * and restarts leave no JVM behind, and the stop does not wait for a driver writing its class-data archive (it is
     * killed; the archive is trained again later).
     */
    @jakarta.annotation.PreDestroy
    void stopAll() {
        List<Long> pids = launched.stream().map(DriverHandle::pid).toList();
        launched.clear();
        runtimes.clear();
        stop(pids, props.driverStopTimeout().compareTo(SHUTDOWN_GRACE) < 0 ? props.driverStopTimeout()
                : SHUTDOWN_GRACE, cds::training);
    }

    @Override
    public boolean isAlive(DriverHandle handle) {
        return ProcessHandle.of(handle.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void stop(DriverHandle handle, Duration grace) {
        launched.remove(handle);
        // a driver training its class-data archive writes it as it exits (once per install): a stop lets it
        boolean training = cds.training(handle.pid()) && grace.compareTo(ClassDataSharing.TRAINING_GRACE) < 0;
        stop(List.of(handle.pid()), training ? ClassDataSharing.TRAINING_GRACE : grace, pid -> false);
        SparkRuntime runtime = runtimes.remove(handle.clusterId());
        if (runtime != null && !isAlive(handle)) {
            classListArchives.learn(runtime, "driver", List.of(handle.workDir().resolve(DRIVER_CLASS_LIST)));
        }
        // what the driver's user left is root's again: a later sandbox with its uid reads none of it
        containment.sandboxAt(handle.host()).ifPresent(s -> Sandbox.disown(handle.workDir()));
    }

    private void stop(List<Long> pids, Duration grace, java.util.function.LongPredicate noWait) {
        java.util.Set<Long> killed = ProcessStop.stop(pids, grace, noWait);
        pids.forEach(pid -> cds.stopped(pid, killed.contains(pid)));
    }

    @Override
    public String logTail(DriverHandle handle, int lines) {
        try {
            List<String> all = Files.readAllLines(handle.workDir().resolve("agent.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no driver log: " + e.getMessage() + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
