package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.events.ClusterSize;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import io.kindling.provisioning.ProvisioningProperties;
import io.kindling.provisioning.backend.ClusterBackend;
import io.kindling.provisioning.backend.ClusterInfo;
import io.kindling.provisioning.backend.ClusterSpec;
import io.kindling.session.job.DriverLogs;
import io.kindling.session.job.SparkSubmissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * The examples jar run in cluster deploy mode on a real standalone cluster through the master's REST
 * submission server: the building block of batch jobs (issue 5). The cluster runs its own driver: one worker
 * per executor and one sized for the driver.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class SparkSubmissionsEndToEndTest {

    private static final Path EXAMPLES = Path.of("../examples/target/kindling-examples.jar").toAbsolutePath()
            .normalize();

    private static ClusterBackend backend;
    private static ClusterInfo cluster;
    private static Path clusterDir;
    private static SparkSubmissions submissions;

    @BeforeAll
    static void startCluster() {
        assertThat(EXAMPLES).as("built by the examples module").exists();
        backend = SharedPlatform.bean(ClusterBackend.class);
        SparkRuntime runtime = SharedPlatform.bean(RuntimeCatalog.class).find("4.2").orElseThrow();
        ClusterSpec spec = new ClusterSpec("kc-j-" + Long.toHexString(System.nanoTime()) + "-1", runtime,
                new ClusterSize(1, 1, 512, 1, 768), true);
        cluster = backend.start(spec);
        backend.awaitWorkers(spec, cluster);
        clusterDir = SharedPlatform.bean(ProvisioningProperties.class).workDir().resolve(spec.clusterId());
        submissions = new SparkSubmissions(JsonMapper.builder().build(), runtime.sparkVersion(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            backend.destroy(cluster);
            cluster.pids().forEach(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d", pid).isFalse());
        }
    }

    @Test
    void sparkPiRunsAsAClusterModeDriverAndPrintsPi() throws IOException {
        String driver = submissions.submit(cluster.restUrl(), submission("io.kindling.examples.SparkPi", "4"));

        assertThat(driver).startsWith("driver-");
        assertThat(awaitFinal(driver).state()).isEqualTo("FINISHED");
        assertThat(driverLog(driver, "stdout")).contains("Pi is roughly 3.1");
        assertThat(new DriverLogs(JsonMapper.builder().build(), Duration.ofSeconds(5))
                .tail(cluster.webUiUrl(), null, driver, "stdout", 1 << 20))
                .as("the driver's stdout through its worker's web UI")
                .hasValueSatisfying(tail -> assertThat(tail.text()).contains("Pi is roughly 3.1"));
    }

    @Test
    void aMainThatThrowsEndsFailedWithTheExceptionInItsLog() throws IOException {
        String driver = submissions.submit(cluster.restUrl(), submission("io.kindling.examples.FailingJob"));

        assertThat(awaitFinal(driver).state()).isEqualTo("FAILED");
        assertThat(driverLog(driver, "stderr")).contains("planned failure");
    }

    @Test
    void aRunningDriverIsKilled() {
        String driver = submissions.submit(cluster.restUrl(), submission("io.kindling.examples.SleepingJob", "300"));
        await().atMost(Duration.ofMinutes(2)).until(() -> submissions.status(cluster.restUrl(), driver).state()
                .equals("RUNNING"));

        assertThat(submissions.kill(cluster.restUrl(), driver)).isTrue();

        assertThat(awaitFinal(driver).state()).isEqualTo("KILLED");
    }

    private static SparkSubmissions.Submission submission(String mainClass, String... args) {
        return new SparkSubmissions.Submission(EXAMPLES.toUri().toString(), mainClass, List.of(args), Map.of(
                "spark.master", cluster.masterUrl(),
                "spark.app.name", mainClass.substring(mainClass.lastIndexOf('.') + 1),
                "spark.driver.memory", "768m",
                "spark.driver.cores", "1",
                "spark.executor.memory", "512m",
                "spark.executor.cores", "1",
                "spark.cores.max", "1"));
    }

    private static SparkSubmissions.DriverStatus awaitFinal(String driver) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> submissions.status(cluster.restUrl(), driver), SparkSubmissions.DriverStatus::isFinal);
    }

    /** The worker that ran the driver keeps its output under {@code <worker dir>/<driver id>/}. */
    private static String driverLog(String driver, String stream) throws IOException {
        try (Stream<Path> files = Files.find(clusterDir, 3, (p, a) -> p.endsWith(Path.of(driver, stream)))) {
            Path log = files.findFirst().orElseThrow(() -> new AssertionError("no " + stream + " of " + driver));
            return Files.readString(log);
        }
    }
}
