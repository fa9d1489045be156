package io.kindling.provisioning.backend;

import io.kindling.kit.containment.ClusterLimits;
import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.Sandbox;
import io.kindling.kit.containment.UserCodeEnvironment;
import io.kindling.kit.runtime.ClassDataSharing;
import io.kindling.kit.runtime.DriverSlot;
import io.kindling.kit.runtime.ClassListArchives;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.lifeline.Lifeline;
import io.kindling.lifeline.ProcessStop;
import io.kindling.provisioning.ProvisioningProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default: a Spark standalone master and one worker per executor as child processes of this
 * host, run from the runtime directory. Every daemon runs under the agent's {@code Supervised} main, which
 * exits when this JVM does, so no cluster outlives the control plane. Each carries {@code -Dkindling.cluster=<id>}
 * on its command line, and every process started for a cluster is written to {@value #LAUNCHES} in the cluster's
 * directory ({@code <when> <role> <pid>}, a line each, never rewritten): what was started, as opposed to what the
 * cluster's row says is running now.
 */
@Component
@ConditionalOnProperty(name = "kindling.provisioning.backend", havingValue = "local", matchIfMissing = true)
class LocalStandaloneBackend implements ClusterBackend {

    private static final Logger log = LoggerFactory.getLogger(LocalStandaloneBackend.class);
    private static final String SUPERVISED = "io.kindling.agent.Supervised";
    private static final int PORT_ATTEMPTS = 3;
    /** How long the service's stop waits for its daemons before it kills them (a stop is done within seconds). */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** The file, in a cluster's directory, that lists every process started for it. */
    static final String LAUNCHES = "launches";

    /** Daemons do little work: a quick JIT and a small collector leave the cores to drivers and executors. */
    private static final List<String> DAEMON_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** A sandboxed daemon's list of the classes it loads, in the cluster's directory: {@code <role>.classlist}. */
    private static final String CLASS_LIST = ".classlist";

    private final ProvisioningProperties props;
    private final JsonMapper json;
    private final ClassDataSharing cds;
    private final ClassListArchives classListArchives;
    /** The runtime of each cluster in {@link #running}: its executors' class lists are learnt at its end. */
    private final java.util.Map<String, SparkRuntime> runtimes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Clusters this backend started and has not destroyed: stopped with the service. */
    private final java.util.Map<String, ClusterInfo> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Clock clock;
    private final Containment containment;

    LocalStandaloneBackend(ProvisioningProperties props, JsonMapper json, ClassDataSharing cds,
                           ClassListArchives classListArchives, Clock clock, Containment containment) {
        this.classListArchives = classListArchives;
        this.clock = clock;
        this.containment = containment;
        this.props = props;
        this.json = json;
        this.cds = cds;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public ClusterInfo start(ClusterSpec spec) {
        ProvisioningException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                return startOnce(spec);
            } catch (ProvisioningException e) {
                if (!e.reason().equals("PORT_TAKEN")) {
                    throw e;
                }
                log.info("cluster {}: {}; retrying with other ports", spec.clusterId(), e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    /**
     * Master and workers start together; the master binds exactly the ports it is given
     * ({@code spark.port.maxRetries=0}), so a port taken since it was picked makes it exit, and the
     * start is retried, rather than Spark silently moving to the next port.
     */
    private ClusterInfo startOnce(ClusterSpec spec) {
        Path dir = props.workDir().resolve(spec.clusterId()).toAbsolutePath();
        List<Long> pids = new ArrayList<>();
        Instant since = Instant.now();
        // isolated, the cluster gets a network and a user of its own: nothing else listens in its namespace, so its
        // daemons take Spark's usual ports
        Optional<Sandbox> sandbox = containment.sandboxes().map(s -> s.create(limits(spec)));
        String host = sandbox.map(Sandbox::address).orElse("127.0.0.1");
        try {
            Files.createDirectories(dir);
            int masterPort = sandbox.isPresent() ? 7077 : freePort();
            int restPort = sandbox.isPresent() ? 6066 : freePort();
            int uiPort = sandbox.isPresent() ? 8080 : freePort();
            String masterUrl = "spark://" + host + ":" + masterPort;
            List<List<String>> daemonProps = new ArrayList<>();
            List<String> roles = new ArrayList<>();
            roles.add("master");
            daemonProps.add(List.of("-Dspark.master.rest.enabled=true", "-Dspark.master.rest.port=" + restPort,
                    "-Dspark.master.rest.host=" + host, "-Dspark.port.maxRetries=0"));
            List<List<String>> mains = new ArrayList<>();
            mains.add(List.of("org.apache.spark.deploy.master.Master", "--host", host, "--port",
                    String.valueOf(masterPort), "--webui-port", String.valueOf(uiPort)));
            for (int i = 0; i < spec.workers(); i++) {
                // the last worker of a cluster that runs its own driver is sized for that driver, and only it
                // offers the slot the driver asks for (DriverSlot)
                boolean forDriver = spec.driverWorker() && i == spec.size().numExecutors();
                int cores = forDriver ? spec.size().driverCores() : spec.size().executorCores();
                long memoryMb = forDriver ? spec.size().driverMemoryMb() : spec.size().executorMemoryMb();
                Path workerDir = Files.createDirectories(dir.resolve("worker-" + i));
                // its JVM boots beside the master's, and it registers once the master listens (Supervised)
                List<String> workerProps = new ArrayList<>(List.of("-Dkindling.supervised.await=" + host + ":"
                        + masterPort));
                if (forDriver) {
                    Path slots = Files.writeString(dir.resolve("worker-" + i + "-resources.json"),
                            DriverSlot.workerResourcesJson());
                    DriverSlot.workerConf(slots.toString()).forEach((k, v) -> workerProps.add("-D" + k + "=" + v));
                }
                roles.add("worker-" + i);
                daemonProps.add(workerProps);
                mains.add(List.of("org.apache.spark.deploy.worker.Worker", masterUrl, "--host", host, "--cores",
                        String.valueOf(cores), "--memory", memoryMb + "m", "--webui-port", "0", "--work-dir",
                        workerDir.toString()));
            }
            // everything the cluster's processes write is under its directory, and its user's alone
            sandbox.ifPresent(s -> s.prepare(dir, spec.runtime().home(), cds.root()));
            for (int r = 0; r < roles.size(); r++) {
                pids.add(start(spec, dir, roles.get(r), daemonProps.get(r), mains.get(r), sandbox));
            }
            ClusterInfo info = new ClusterInfo(spec.clusterId(), masterUrl, "http://" + host + ":" + restPort,
                    "http://" + host + ":" + uiPort, List.copyOf(pids));
            running.put(spec.clusterId(), info);
            runtimes.put(spec.clusterId(), spec.runtime());
            awaitMaster(spec, info, since, sandbox.isPresent());
            log.info("cluster {}: master {} up in {} ms", spec.clusterId(), masterUrl,
                    Duration.between(since, Instant.now()).toMillis());
            return info;
        } catch (IOException e) {
            running.remove(spec.clusterId());
            runtimes.remove(spec.clusterId());
            stop(pids, props.stopTimeout(), cds::training);
            sandbox.ifPresent(s -> release(s, dir));
            throw new ProvisioningException("LAUNCH_FAILED", "could not start cluster " + spec.clusterId() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            running.remove(spec.clusterId());
            runtimes.remove(spec.clusterId());
            stop(pids, props.stopTimeout(), cds::training);
            sandbox.ifPresent(s -> release(s, dir));
            throw e;
        }
    }

    /** What the cluster's processes together may use: its daemons, executors and (whoever starts it) its driver. */
    private ClusterLimits limits(ClusterSpec spec) {
        java.util.regex.Matcher heap = java.util.regex.Pattern.compile("(\\d+)([kmg]?)b?")
                .matcher(props.daemonMemory().toLowerCase(java.util.Locale.ROOT));
        long daemonMb = !heap.matches() ? 1024 : switch (heap.group(2)) {
            case "g" -> Long.parseLong(heap.group(1)) * 1024;
            case "k" -> Long.parseLong(heap.group(1)) / 1024;
            case "m" -> Long.parseLong(heap.group(1));
            default -> Long.parseLong(heap.group(1)) >> 20;
        };
        return ClusterLimits.of(1 + spec.workers(), daemonMb, spec.size().numExecutors(),
                spec.size().executorMemoryMb(), spec.size().executorCores(), spec.size().driverMemoryMb(),
                spec.size().driverCores());
    }

    private void awaitMaster(ClusterSpec spec, ClusterInfo info, Instant since, boolean sandboxed) {
        Instant deadline = since.plus(props.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!alive(info.pids().get(0)) && sandboxed) {
                // nothing else listens in a sandbox: no port was taken, the master failed
                Path masterLog = props.workDir().resolve(spec.clusterId()).resolve("master.log");
                log.warn("cluster {}: the master exited during start; its log ends:\n{}", spec.clusterId(),
                        tail(masterLog, 20));
                throw new ProvisioningException("MASTER_EXITED", "the master of cluster " + spec.clusterId()
                        + " exited during start");
            }
            if (!alive(info.pids().get(0))) {
                throw new ProvisioningException("PORT_TAKEN", "the master of cluster " + spec.clusterId()
                        + " exited during start (a port it was given was taken)");
            }
            Optional<JsonNode> status = masterStatus(info.webUiUrl());
            if (status.isPresent() && info.masterUrl().equals(status.get().path("url").asString(""))) {
                // the master has started; a REST port taken since it was picked only logs "Ignoring error" there,
                // and another process would answer at restUrl: the cluster must not be handed out like that. The
                // master binds its REST server after its web UI, so a silent port is waited for (until the deadline)
                RestServer rest = restServer(info.restUrl());
                if (rest == RestServer.ANSWERS) {
                    return;
                }
                if (rest == RestServer.SOMEONE_ELSE) {
                    throw new ProvisioningException("PORT_TAKEN", "the REST submission server of cluster "
                            + spec.clusterId() + " is not at " + info.restUrl() + " (its port was taken)");
                }
            }
            sleep(100);
        }
        if (alive(info.pids().get(0)) && masterStatus(info.webUiUrl()).isPresent()) {
            throw new ProvisioningException("PORT_TAKEN", "the REST submission server of cluster " + spec.clusterId()
                    + " did not answer at " + info.restUrl() + " within " + props.readyTimeout().toSeconds()
                    + "s (waiting since " + since + ")");
        }
        throw new ProvisioningException("MASTER_NOT_READY", "the master of cluster " + spec.clusterId()
                + " did not answer at " + info.webUiUrl() + " within " + props.readyTimeout().toSeconds()
                + "s (waiting since " + since + ")");
    }

    /** What answers at a cluster's REST port. */
    private enum RestServer { ANSWERS, SOMEONE_ELSE, NOTHING_YET }

    @Override
    public void awaitWorkers(ClusterSpec spec, ClusterInfo info) {
        Instant since = Instant.now();
        Instant deadline = since.plus(props.readyTimeout());
        int alive = 0;
        while (Instant.now().isBefore(deadline)) {
            for (long pid : info.pids()) {
                if (!alive(pid)) {
                    throw new ProvisioningException("PROCESS_EXITED", "a process of cluster " + spec.clusterId()
                            + " (pid " + pid + ") exited; see " + props.workDir().resolve(spec.clusterId()));
                }
            }
            alive = masterStatus(info.webUiUrl()).map(s -> s.path("aliveworkers").asInt()).orElse(alive);
            if (alive >= spec.workers()) {
                log.info("cluster {}: {} workers registered in {} ms", spec.clusterId(), alive,
                        Duration.between(since, Instant.now()).toMillis());
                return;
            }
            sleep(200);
        }
        throw new ProvisioningException("WORKERS_NOT_REGISTERED", alive + " of " + spec.workers()
                + " workers of cluster " + spec.clusterId() + " registered after " + props.readyTimeout().toSeconds()
                + "s (waiting since " + since + ")");
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private long start(ClusterSpec spec, Path dir, String role, List<String> sysProps, List<String> main,
                       Optional<Sandbox> sandbox) throws IOException {
        Path home = spec.runtime().home();
        // sandboxed, a daemon only lists its classes for an archive (ClassListArchives)
        ClassDataSharing.Launch sharing = cds.forRole(spec.runtime(), roleKind(role), sandbox.isEmpty(),
                dir.resolve(role + CLASS_LIST));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + props.daemonMemory());
        command.addAll(DAEMON_FLAGS);
        command.addAll(sharing.flags());
        command.addAll(spec.runtime().moduleOptions());
        command.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j2.properties"));
        command.add("-Dkindling.cluster=" + spec.clusterId());
        if (sandbox.isPresent()) {
            // temp files (Spark's among them) in the cluster's own directory, not the host's shared /tmp
            command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        }
        command.addAll(sysProps);
        command.add("-cp");
        command.add(spec.runtime().classpath());
        command.add(SUPERVISED);
        command.add(String.valueOf(ProcessHandle.current().pid()));
        command.addAll(main);
        ProcessBuilder builder = new ProcessBuilder(sandbox.map(s -> s.wrap(command)).orElse(command))
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(role + ".log").toFile());
        // a worker's executors and cluster-mode drivers inherit this: nothing of the service's environment
        UserCodeEnvironment.scrub(builder.environment(), dir);
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", spec.runtime().scalaVersion());
        builder.environment().put("SPARK_LOCAL_IP", sandbox.map(Sandbox::address).orElse("127.0.0.1"));
        if (sandbox.isPresent()) {
            // executors' shuffle and block files: the worker hands them directories under this one
            builder.environment().put("SPARK_LOCAL_DIRS", dir.resolve("tmp").toString());
        }
        if (role.startsWith("worker")) {
            // first on the class path of the executors (and a job's driver) a worker starts: empty, so that executors
            // can map a static archive; the logging configuration the runtime's conf/ would have comes by a flag
            classListArchives.emptyConfDir(spec.runtime()).ifPresent(conf -> builder.environment()
                    .put("SPARK_CONF_DIR", conf.toString()));
        }
        // tied to this JVM as a process group (a worker's executors with it): killed if provisioning-service dies
        long pid = Lifeline.ofThisJvm().start(builder).pid();
        cds.started(pid, sharing);
        Files.writeString(dir.resolve(LAUNCHES), clock.instant() + " " + role + " " + pid + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return pid;
    }

    /** Whether a Spark master's REST submission server answers at {@code rest} (it reports its version). */
    private RestServer restServer(String rest) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(rest
                    + "/v1/submissions/status/kindling-probe")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException notListeningOrSlow) {
            return RestServer.NOTHING_YET;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("INTERRUPTED", "interrupted while waiting for the master");
        }
        try {
            return json.readTree(response.body()).path("serverSparkVersion").asString("").isBlank()
                    ? RestServer.SOMEONE_ELSE : RestServer.ANSWERS;
        } catch (tools.jackson.core.JacksonException notTheRestServer) {
            return RestServer.SOMEONE_ELSE;
        }
    }

    private Optional<JsonNode> masterStatus(String ui) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(ui + "/json/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? Optional.of(json.readTree(response.body())) : Optional.empty();
        } catch (IOException | tools.jackson.core.JacksonException notOurMasterYet) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("INTERRUPTED", "interrupted while waiting for the master");
        }
    }

    @Override
    public void destroy(ClusterInfo cluster) {
        running.remove(cluster.clusterId());
        // a daemon training its class-data archive writes it as it exits: a teardown, in the background, lets it
        boolean training = cluster.pids().stream().anyMatch(cds::training);
        stop(cluster.pids(), training ? max(props.stopTimeout(), ClassDataSharing.TRAINING_GRACE) : props.stopTimeout(),
                pid -> false);
        SparkRuntime runtime = runtimes.remove(cluster.clusterId());
        if (runtime != null) {
            Path dir = props.workDir().resolve(cluster.clusterId());
            classListArchives.learnExecutors(runtime, classLists(dir));
            for (String kind : List.of("master", "worker")) {
                classListArchives.learn(runtime, kind, daemonClassLists(dir, kind));
            }
        }
        sandboxOf(cluster).ifPresent(s -> release(s, props.workDir().resolve(cluster.clusterId()).toAbsolutePath()));
    }

    /** What the cluster's executors listed: an {@code executor.classlist} in each executor's work directory. */
    private static List<Path> classLists(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.find(dir, 4, (f, attrs) -> attrs.isRegularFile()
                && f.getFileName().toString().equals(ClassListArchives.CLASS_LIST))) {
            return files.toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** What the cluster's sandboxed daemons of {@code kind} listed: {@code master.classlist}, {@code worker-0...}. */
    private static List<Path> daemonClassLists(Path dir, String kind) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> roleKind(f.getFileName().toString().replace(CLASS_LIST, "")).equals(kind)
                    && f.getFileName().toString().endsWith(CLASS_LIST)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** {@code master}, or {@code worker} for {@code worker-<i>}: the role an archive is for. */
    private static String roleKind(String role) {
        return role.startsWith("worker") ? "worker" : role;
    }

    private Optional<Sandbox> sandboxOf(ClusterInfo cluster) {
        return containment.sandboxAt(URI.create(cluster.masterUrl()).getHost());
    }

    /** Once the cluster's processes have stopped: its files are root's again, its network is gone. */
    private void release(Sandbox sandbox, Path dir) {
        try {
            // what still runs in the sandbox is the cluster's too (a session's driver, which session-service stops on
            // its own time, or whatever user code left behind): it goes with the cluster, and its cgroup with it
            containment.sandboxes().ifPresent(s -> {
                int killed = s.killAll(sandbox);
                if (killed > 0) {
                    log.info("sandbox {}: {} processes left after the cluster's daemons were killed", sandbox.network(),
                            killed);
                }
            });
            Sandbox.disown(dir);
        } finally {
            containment.sandboxes().ifPresent(s -> s.destroy(sandbox));
        }
    }

    /**
     * When the service stops, so do the clusters it started (warm ones included), all at once and within {@link
     * #SHUTDOWN_GRACE}: no JVM is left behind and the stop does not wait for archives. A daemon still training its
     * class-data archive is killed rather than waited for (the archive is thrown away and trained again later).
     */
    @jakarta.annotation.PreDestroy
    void destroyAll() {
        List<ClusterInfo> clusters = List.copyOf(running.values());
        List<Long> pids = clusters.stream().flatMap(c -> c.pids().stream()).toList();
        running.clear();
        runtimes.clear();
        stop(pids, min(props.stopTimeout(), SHUTDOWN_GRACE), cds::training);
        clusters.forEach(c -> sandboxOf(c).ifPresent(s -> release(s, props.workDir().resolve(c.clusterId())
                .toAbsolutePath())));
    }

    @Override
    public boolean isAlive(ClusterInfo cluster) {
        return cluster.pids().stream().allMatch(LocalStandaloneBackend::alive);
    }

    /** SIGTERM to every daemon at once (a SIGTERM'd worker takes its executors down), SIGKILL after the grace. */
    private void stop(List<Long> pids, Duration grace, java.util.function.LongPredicate noWait) {
        java.util.Set<Long> killed = ProcessStop.stop(pids, grace, noWait);
        pids.forEach(pid -> cds.stopped(pid, killed.contains(pid)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("INTERRUPTED", "interrupted while provisioning");
        }
    }
}
