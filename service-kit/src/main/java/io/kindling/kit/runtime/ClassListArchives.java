package io.kindling.kit.runtime;

import io.kindling.lifeline.Lifeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data archives for the JVMs that run users' code, which never write one themselves (an archive is code every
 * later JVM of its role maps). Such a JVM without an archive only lists the classes it loads ({@code
 * -XX:DumpLoadedClassList}, in a directory of its own); after it has stopped, Kindling reads the names that list
 * holds, nothing else (its user can write that file, so anything but a plain class name is dropped), and builds a
 * static archive of them from the runtime's own jars in a JVM of its own ({@code -Xshare:dump}). What the archive holds
 * is the runtime's class files, whoever chose the names: it is safe to map in every later JVM of the role, sandboxed or
 * not, and such a JVM starts in about half the time. Executors always work this way; masters, workers and drivers do
 * in a sandbox ({@link ClassDataSharing#forRole(SparkRuntime, String, boolean, Path)}).
 *
 * <p>A static archive may not name a non-empty directory on the class path, and Spark puts its configuration
 * directory first on an executor's: a worker gets an empty one ({@link #emptyConfDir}, as {@code SPARK_CONF_DIR}),
 * and its executors find their logging configuration by a flag instead.
 */
public class ClassListArchives {

    private static final Logger log = LoggerFactory.getLogger(ClassListArchives.class);
    static final String EXECUTOR = "executor";
    /** Where an executor lists its classes: relative, so in its own work directory (a worker gives each one). */
    public static final String CLASS_LIST = "executor.classlist";
    /** What a line of a class list must be to be read: a binary class name of the app or platform loader. */
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(/[A-Za-z_$][A-Za-z0-9_$]*)*");
    /** Bounds on what is read from lists users can write: an executor loads some 6,000 classes. */
    static final int MAX_CLASSES = 40_000;
    static final long MAX_LIST_BYTES = 4L << 20;
    private static final long DUMP_TIMEOUT_MINUTES = 5;
    /** The file under the archives' root every dump on this host holds a lock on ({@link DumpGate}). */
    static final String DUMP_LOCK = "dump.lock";

    private final ClassDataSharing cds;
    private final ExecutorService dumps = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kindling-executor-class-data");
        t.setDaemon(true);
        return t;
    });

    public ClassListArchives(ClassDataSharing cds) {
        this.cds = cds;
    }

    /**
     * The JVM flags for the executors of a session cluster on {@code runtime} (its driver gives them as {@code
     * spark.executor.extraJavaOptions}): map the archive if there is one, else list the classes loaded.
     */
    public List<String> executorFlags(SparkRuntime runtime) {
        List<String> flags = new ArrayList<>();
        flags.add("-Dlog4j.configurationFile=" + runtime.home().resolve("conf/log4j2.properties"));
        if (!cds.enabled()) {
            return flags;
        }
        Path archive = archive(runtime);
        if (Files.isRegularFile(archive)) {
            flags.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        } else {
            flags.add("-XX:DumpLoadedClassList=" + CLASS_LIST);
        }
        return flags;
    }

    /** The archive executors of {@code runtime} map, once built. */
    public Path archive(SparkRuntime runtime) {
        return cds.dir(runtime).resolve(EXECUTOR + ".jsa");
    }

    /**
     * An empty directory for a session cluster's workers as {@code SPARK_CONF_DIR}, which Spark puts first on its
     * executors' class path; empty if class-data sharing is off (the runtime's {@code conf/} is used then).
     */
    public Optional<Path> emptyConfDir(SparkRuntime runtime) {
        if (!cds.enabled()) {
            return Optional.empty();
        }
        Path dir = cds.dir(runtime).resolve("executor-conf");
        try {
            Files.createDirectories(dir);
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return Optional.empty();
                }
            }
            return Optional.of(dir);
        } catch (IOException e) {
            log.warn("no class-data sharing for executors: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The class path a worker gives executors when {@code SPARK_CONF_DIR} is {@code confDir} (Spark's own order). */
    static String executorClasspath(SparkRuntime runtime, Path confDir) {
        Path jars = runtime.home().resolve("jars");
        StringBuilder cp = new StringBuilder(confDir + "/");
        try (var slf4j = Files.newDirectoryStream(jars, "slf4j-api-*.jar")) {
            for (Path jar : slf4j) {
                cp.append(java.io.File.pathSeparator).append(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cp.append(java.io.File.pathSeparator).append(jars).append("/*").toString();
    }

    /**
     * A cluster's processes have stopped and these are the class lists its executors wrote: unless the runtime has
     * their archive or one is being built, one is built from them in the background.
     */
    public void learnExecutors(SparkRuntime runtime, List<Path> classLists) {
        learn(runtime, EXECUTOR, classLists, () -> emptyConfDir(runtime).map(conf -> executorClasspath(runtime, conf)));
    }

    /**
     * The sandboxed processes of {@code role} (master, worker, driver) that wrote {@code classLists} have stopped:
     * unless the role has an archive or one is being built, one is built from them on the runtime's class path.
     */
    public void learn(SparkRuntime runtime, String role, List<Path> classLists) {
        learn(runtime, role, classLists, () -> Optional.of(runtime.classpath()));
    }

    private void learn(SparkRuntime runtime, String role, List<Path> classLists,
                       java.util.function.Supplier<Optional<String>> classpath) {
        List<Path> written = classLists.stream().filter(Files::isRegularFile).toList();
        if (!cds.enabled() || written.isEmpty() || Files.isRegularFile(cds.dir(runtime).resolve(role + ".jsa"))) {
            return;
        }
        Path dir = cds.dir(runtime);
        Set<String> names = classNames(written);
        if (names.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            log.warn("no {} archive for {}: {}", role, runtime.version(), e.getMessage());
            return;
        }
        if (cds.trainingUnderWay(dir, role)) {
            return;
        }
        dumps.execute(() -> dump(runtime, role, dir, names, classpath));
    }

    /** The plain class names of {@code lists}, in order, each once; every other line (or an unreadable list) dropped. */
    static Set<String> classNames(List<Path> lists) {
        Set<String> names = new LinkedHashSet<>();
        for (Path list : lists) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    Files.newInputStream(list), StandardCharsets.UTF_8))) {
                long read = 0;
                String line;
                while ((line = in.readLine()) != null && read < MAX_LIST_BYTES && names.size() < MAX_CLASSES) {
                    read += line.length() + 1;
                    if (line.length() <= 512 && CLASS_NAME.matcher(line).matches()) {
                        names.add(line);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                log.debug("class list {} not read: {}", list, e.getMessage());
            }
        }
        return names;
    }

    private void dump(SparkRuntime runtime, String role, Path dir, Set<String> names,
                      java.util.function.Supplier<Optional<String>> classpathOf) {
        String id = UUID.randomUUID().toString();
        Path list = dir.resolve(role + "-" + id + ".classlist");
        Path part = dir.resolve(role + "-" + id + ".jsa.part");
        Path claim = dir.resolve(role + ".training");
        Path archive = dir.resolve(role + ".jsa");
        long started = System.nanoTime();
        try {
            Optional<String> classpath = classpathOf.get();
            if (classpath.isEmpty()) {
                return;
            }
            Files.write(list, names);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + part));
            command.addAll(runtime.moduleOptions());
            command.add("-cp");
            command.add(classpath.get());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(role + "-dump.log").toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("JAVA_TOOL_OPTIONS") || k.startsWith("JDK_"));
            if (!DumpGate.hold(cds.root().resolve(DUMP_LOCK), () -> runDump(builder, role, runtime, part))) {
                return;
            }
            Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE);
            log.info("class-data sharing archive for {} built from {} listed classes in {} ms: {}", role,
                    names.size(), (System.nanoTime() - started) / 1_000_000, archive);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            log.debug("{} archive for {} already there", role, runtime.version());
        } catch (IOException e) {
            log.warn("{} archive for {} not built: {}", role, runtime.version(), e.getMessage());
        } catch (InterruptedException e) {
            // the service stops: so does the dump (runDump killed it)
            Thread.currentThread().interrupt();
        } finally {
            ClassDataSharing.deleteQuietly(part);
            ClassDataSharing.deleteQuietly(list);
            ClassDataSharing.deleteQuietly(claim);
        }
    }

    /** Runs one dump, bounded; true if it wrote its archive. Interrupted, it kills the dump first. */
    private static boolean runDump(ProcessBuilder builder, String role, SparkRuntime runtime, Path part)
            throws IOException, InterruptedException {
        Process process = Lifeline.ofThisJvm().start(builder);
        try {
            if (!process.waitFor(DUMP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                log.warn("{} archive for {} not built: the dump took over {} minutes", role, runtime.version(),
                        DUMP_TIMEOUT_MINUTES);
                return false;
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(part)) {
            log.warn("{} archive for {} not built: the dump exited {} (see {}-dump.log)", role, runtime.version(),
                    process.exitValue(), role);
            return false;
        }
        return true;
    }

    /** Stops a dump under way (its process dies with it; what it wrote is deleted). */
    public void close() {
        dumps.shutdownNow();
    }
}
