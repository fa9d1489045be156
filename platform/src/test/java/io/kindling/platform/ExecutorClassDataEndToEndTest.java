package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.kit.runtime.ClassListArchives;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executors start from a class-data archive that Kindling built from what earlier executors listed: once a cluster
 * has gone, the archive is there, and a later cluster's executor maps it (its memory maps show the file) and runs
 * SQL as ever.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class ExecutorClassDataEndToEndTest {

    @Test
    void aLaterClustersExecutorsMapTheArchiveEarlierExecutorsTaught() throws IOException {
        SparkRuntime runtime = SharedPlatform.bean(RuntimeCatalog.class).find("4.2").orElseThrow();
        Path archive = SharedPlatform.bean(ClassListArchives.class).archive(runtime);
        GatewayClient carol = new GatewayClient(SharedPlatform.platform()).as("cds-carol");
        if (!Files.isRegularFile(archive)) {
            // no cluster of the suite has ended yet: one does, and its executor's list makes the archive
            String first = idleSession(carol, "576m");
            carol.value(first, "SELECT count(*) FROM range(100)");
            carol.delete("/api/v1/sessions/" + first);
            carol.awaitState(first, "ended", Duration.ofMinutes(1));
        }
        await("the executors' archive built").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.isRegularFile(archive));

        String id = idleSession(carol, "544m");
        String cluster = carol.get("/api/v1/sessions/" + id).body().get("clusterId").asString();
        List<Long> executors = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains("CoarseGrainedExecutorBackend")).filter(p -> workDir(p).contains("/" + cluster + "/"))
                .map(ProcessHandle::pid).toList();
        assertThat(executors).as("the executor of cluster %s", cluster).hasSize(1);
        assertThat(Files.readString(Path.of("/proc", executors.get(0).toString(), "maps")))
                .as("the executor's memory maps").contains(archive.toString());
        assertThat(carol.value(id, "SELECT sum(id) FROM range(10)").asLong()).isEqualTo(45);
        carol.delete("/api/v1/sessions/" + id);
        carol.awaitState(id, "ended", Duration.ofMinutes(1));
    }

    private static String idleSession(GatewayClient user, String executorMemory) {
        GatewayClient.Response created = user.post("/api/v1/sessions", "{\"numExecutors\":1,\"executorMemory\":\""
                + executorMemory + "\",\"driverMemory\":\"768m\",\"timeoutMinutes\":600}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String id = created.body().get("id").asString();
        user.awaitState(id, "idle", Duration.ofMinutes(4));
        return id;
    }

    private static String workDir(ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException gone) {
            return "";
        }
    }
}
