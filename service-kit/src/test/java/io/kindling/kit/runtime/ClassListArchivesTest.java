package io.kindling.kit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executors' archive, built by a real {@code java -Xshare:dump} from the names of what executors listed. */
class ClassListArchivesTest {

    @TempDir
    Path tmp;
    private ClassListArchives executors;

    @AfterEach
    void close() {
        if (executors != null) {
            executors.close();
        }
    }

    @Test
    void anExecutorWithoutAnArchiveListsItsClassesAndTheListsBuildOneThatLaterExecutorsMap() throws Exception {
        SparkRuntime runtime = runtime();
        executors = new ClassListArchives(new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true,
                tmp.resolve("cds"))));
        assertThat(executors.executorFlags(runtime)).contains("-XX:DumpLoadedClassList=executor.classlist")
                .noneMatch(f -> f.startsWith("-XX:SharedArchiveFile="))
                .contains("-Dlog4j.configurationFile=" + runtime.home().resolve("conf/log4j2.properties"));
        Path conf = executors.emptyConfDir(runtime).orElseThrow();
        assertThat(conf).isEmptyDirectory();

        Path list = Files.writeString(tmp.resolve("executor.classlist"), """
                # NOTE: Do not modify this file.
                java/lang/Object
                java/util/concurrent/ConcurrentHashMap
                @lambda-proxy java/lang/Object run ()Ljava/lang/Runnable;
                """);
        executors.learnExecutors(runtime, List.of(list));

        Path archive = executors.archive(runtime);
        await().atMost(Duration.ofMinutes(3)).until(() -> Files.isRegularFile(archive));
        assertThat(executors.executorFlags(runtime)).contains("-XX:SharedArchiveFile=" + archive)
                .noneMatch(f -> f.startsWith("-XX:DumpLoadedClassList"));
        // the JVM maps it (-Xshare:on fails the start if it cannot) on the class path a worker gives executors
        assertThat(java("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp",
                ClassListArchives.executorClasspath(runtime, conf), "-version")).isZero();
        assertThat(archive.resolveSibling("executor.training")).as("the claim is released").doesNotExist();
        try (var left = Files.list(archive.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part")
                    || n.endsWith(".classlist"));
        }
    }

    @Test
    void aSandboxedRoleListsItsClassesAndTheListBuildsTheArchiveItsLaterProcessesMap() throws Exception {
        SparkRuntime runtime = runtime();
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true, tmp.resolve("cds")));
        executors = new ClassListArchives(cds);
        Path list = tmp.resolve("driver.classlist");
        ClassDataSharing.Launch sandboxed = cds.forRole(runtime, "driver", false, list);
        assertThat(sandboxed.flags()).containsExactly("-XX:DumpLoadedClassList=" + list);
        assertThat(sandboxed.training()).as("it writes no archive").isNull();

        Files.writeString(list, "java/lang/Object\njava/util/HashMap\n");
        executors.learn(runtime, "driver", List.of(list, tmp.resolve("never-written.classlist")));

        Path archive = cds.dir(runtime).resolve("driver.jsa");
        await().atMost(Duration.ofMinutes(3)).until(() -> Files.isRegularFile(archive));
        assertThat(cds.forRole(runtime, "driver", false, list).flags()).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(java("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", runtime.classpath(), "-version"))
                .isZero();
        // as the daemons run: another collector, C1 only
        assertThat(java("-Xshare:on", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile="
                + archive, "-cp", runtime.classpath(), "-version")).isZero();
    }

    @Test
    void onlyPlainClassNamesAreReadFromAListAUserCouldHaveWritten() throws IOException {
        Path list = Files.writeString(tmp.resolve("executor.classlist"), """
                java/lang/String
                Evil id: 7 super: 0 source: /tmp/evil.jar
                org/apache/spark/executor/Executor
                -XX:+UnlockDiagnosticVMOptions
                ../../etc/passwd
                java/lang/String
                """);
        assertThat(ClassListArchives.classNames(List.of(list, tmp.resolve("missing"))))
                .containsExactly("java/lang/String", "org/apache/spark/executor/Executor");
    }

    @Test
    void aListBeyondTheBoundsIsReadOnlyUpToThem() throws IOException {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < ClassListArchives.MAX_CLASSES + 10; i++) {
            many.add("a/C" + i);
        }
        Path list = Files.write(tmp.resolve("big.classlist"), many);
        assertThat(ClassListArchives.classNames(List.of(list))).hasSize(ClassListArchives.MAX_CLASSES);
    }

    @Test
    void withSharingOffExecutorsGetOnlyTheirLoggingConfiguration() throws IOException {
        SparkRuntime runtime = runtime();
        executors = new ClassListArchives(new ClassDataSharing(new RuntimeProperties(tmp, "4.2", false,
                tmp.resolve("cds"))));
        assertThat(executors.executorFlags(runtime)).hasSize(1).allMatch(f -> f.startsWith("-Dlog4j."));
        assertThat(executors.emptyConfDir(runtime)).isEmpty();
    }

    private int java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("java.log")
                .toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }

    /** A runtime whose jars are real (if empty) jars, as the dump opens each. */
    private SparkRuntime runtime() throws IOException {
        Path jars = Files.createDirectories(tmp.resolve("spark-4.2/jars"));
        for (String jar : List.of("slf4j-api-2.0.17.jar", "spark-core_2.13-4.2.0.jar")) {
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jars.resolve(jar)),
                    new java.util.jar.Manifest())) {
                out.putNextEntry(new java.util.zip.ZipEntry("empty.txt"));
                out.closeEntry();
            }
        }
        return new SparkRuntime("4.2", "4.2.0", "2.13", jars.getParent());
    }
}
