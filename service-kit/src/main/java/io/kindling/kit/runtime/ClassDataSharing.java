package io.kindling.kit.runtime;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing for Spark JVMs: the first process of a role (master, worker, driver) of a runtime
 * writes a dynamic CDS archive when it exits (unless it is sandboxed: {@link ClassListArchives}); later processes of that role map it and start in about half
 * the time, with much less CPU, which is what a cold start on few cores is made of. An archive is keyed by
 * the JDK and the runtime's jars, so a rebuilt runtime or another JDK trains a new one; a stale or broken
 * archive only makes the JVM start without sharing.
 *
 * <p>Writing the archive takes the exiting process many seconds. A teardown waits for it ({@link #TRAINING_GRACE}); a
 * stop of the service does not: its owner kills a process still training ({@link #training}) and tells so ({@link
 * #stopped}); what it was writing is thrown away, never kept half-written, and a later process of the role trains
 * again.
 */
public class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    /**
     * How long a stop outside a shutdown (a teardown, a driver discarded) waits for a process that writes its archive
     * as it exits: tens of seconds when several write at once on two cores; killed sooner, it would leave the role
     * without an archive, and every later process of it starting twice as slow.
     */
    public static final Duration TRAINING_GRACE = Duration.ofSeconds(60);

    /** The flags for one launch, and the archive it trains (if it does). */
    public record Launch(List<String> flags, Path training) {
    }

    private final RuntimeProperties props;
    private final Map<Path, String> keys = new ConcurrentHashMap<>();
    /** The processes started to train an archive, by pid, until they have stopped. */
    private final Map<Long, Launch> trainers = new ConcurrentHashMap<>();

    public ClassDataSharing(RuntimeProperties props) {
        this.props = props;
    }

    /** Whether Spark JVMs use archives at all ({@code kindling.runtime.class-data-sharing}). */
    public boolean enabled() {
        return props.classDataSharing();
    }

    /** Where the archives are kept (a sandboxed process must be able to reach it to map one). */
    public Path root() {
        return props.classDataDir();
    }

    /** JVM flags for a process of {@code role} on {@code runtime}. */
    public Launch forRole(SparkRuntime runtime, String role) {
        return forRole(runtime, role, true);
    }

    /**
     * JVM flags for a process of {@code role} on {@code runtime}; one that may not train (a sandboxed process: an
     * archive is code every later JVM of the role maps, and one written by a process that ran a user's code could
     * carry that user's code into other users' clusters) only maps an archive trained by another.
     */
    public Launch forRole(SparkRuntime runtime, String role, boolean mayTrain) {
        return forRole(runtime, role, mayTrain, null);
    }

    /**
     * As {@link #forRole(SparkRuntime, String, boolean)}; one that may not train and finds no archive lists the
     * classes it loads in {@code classList} (a file it may write), from which {@link ClassListArchives} builds the
     * role's archive once it has stopped.
     */
    public Launch forRole(SparkRuntime runtime, String role, boolean mayTrain, Path classList) {
        if (!props.classDataSharing()) {
            return new Launch(List.of(), null);
        }
        Path dir = dir(runtime);
        Path archive = dir.resolve(role + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new Launch(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                    null);
        }
        if (!mayTrain) {
            return new Launch(classList == null ? List.of() : List.of("-XX:DumpLoadedClassList=" + classList), null);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            log.warn("no class-data sharing for {}: {}", role, e.getMessage());
            return new Launch(List.of(), null);
        }
        if (trainingUnderWay(dir, role)) {
            // one process per role trains at a time; dumping an archive at exit is heavy
            return new Launch(List.of(), null);
        }
        Path training = dir.resolve(role + "-" + UUID.randomUUID() + ".jsa.part");
        return new Launch(List.of("-XX:ArchiveClassesAtExit=" + training, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                training);
    }

    /** Whether this role has an archive in training (a launch claimed it within the last 15 minutes). */
    boolean trainingUnderWay(Path dir, String role) {
        Path claim = dir.resolve(role + ".training");
        try {
            Files.createFile(claim);
            return false;
        } catch (FileAlreadyExistsException e) {
            if (modifiedBefore(claim, Instant.now().minus(Duration.ofMinutes(15)))) {
                deleteQuietly(claim);
                return trainingUnderWay(dir, role);
            }
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    /** Notes the process started with {@code launch}'s flags (which may train an archive). */
    public void started(long pid, Launch launch) {
        if (launch.training() != null) {
            trainers.put(pid, launch);
        }
    }

    /** Whether process {@code pid} trains an archive: it writes it at its exit, which takes seconds. */
    public boolean training(long pid) {
        return trainers.containsKey(pid);
    }

    /**
     * Process {@code pid} has stopped: if it trained an archive, the archive is kept when it exited on its own and
     * thrown away when it was {@code killed} (it may be half-written).
     */
    public void stopped(long pid, boolean killed) {
        Launch launch = trainers.remove(pid);
        if (launch == null) {
            return;
        }
        if (killed) {
            abandon(launch);
        } else {
            promote(launch);
        }
    }

    /** A training that did not finish: neither what it wrote nor its claim on the role is kept. */
    private void abandon(Launch launch) {
        String name = launch.training().getFileName().toString();
        deleteQuietly(launch.training());
        deleteQuietly(launch.training().resolveSibling(name.substring(0, name.indexOf('-')) + ".training"));
        log.info("class-data sharing archive not trained (its process was killed): {}", launch.training());
    }

    /** Once a training process has exited: keeps its archive as the role's, unless another won the race. */
    private void promote(Launch launch) {
        if (launch.training() == null) {
            return;
        }
        String name = launch.training().getFileName().toString();
        String role = name.substring(0, name.indexOf('-'));
        Path archive = launch.training().resolveSibling(role + ".jsa");
        try {
            if (Files.isRegularFile(launch.training())) {
                Files.move(launch.training(), archive, StandardCopyOption.ATOMIC_MOVE);
                log.info("class-data sharing archive trained: {}", archive);
            }
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            deleteQuietly(launch.training());
        } catch (IOException e) {
            log.warn("could not keep class-data archive {}: {}", launch.training(), e.getMessage());
            deleteQuietly(launch.training());
        } finally {
            deleteQuietly(launch.training().resolveSibling(role + ".training"));
        }
    }

    /**
     * Removes training files older than {@code olderThan} that a killed process, or one whose control plane
     * died before promoting them, left behind. Runs once when the service starts.
     */
    public void sweepAbandoned(Duration olderThan) {
        Path root = props.classDataDir();
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant before = Instant.now().minus(olderThan);
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(f -> f.toString().endsWith(".jsa.part") || f.toString().endsWith(".classlist"))
                    .filter(f -> modifiedBefore(f, before))
                    .forEach(ClassDataSharing::deleteQuietly);
        } catch (IOException e) {
            log.debug("could not sweep {}: {}", root, e.getMessage());
        }
    }

    /** The archives of {@code runtime} (keyed by the JDK and its jars). */
    Path dir(SparkRuntime runtime) {
        return props.classDataDir().resolve("spark-" + runtime.version() + "-" + keys.computeIfAbsent(runtime.home(),
                home -> key(runtime)));
    }

    /** The JDK and the runtime's jar names and sizes: what an archive is only valid for. */
    private static String key(SparkRuntime runtime) {
        try (Stream<Path> jars = Files.list(runtime.home().resolve("jars"))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(System.getProperty("java.vm.version").getBytes());
            for (Path jar : jars.sorted().toList()) {
                digest.update((jar.getFileName() + ":" + Files.size(jar)).getBytes());
            }
            Path agent = runtime.home().resolve("agent/session-agent.jar");
            if (Files.exists(agent)) {
                digest.update(("agent:" + Files.size(agent) + ":" + Files.getLastModifiedTime(agent)).getBytes());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unkeyed";
        }
    }

    static boolean modifiedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", file, e.getMessage());
        }
    }
}
