package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kindling.kit.containment.Containment;
import io.kindling.kit.containment.Sandbox;
import io.kindling.provisioning.cluster.ClusterRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Isolated, a cluster's teardown takes its whole sandbox with it: every process in it (its session's driver too,
 * which session-service stops on its own time), its network, its cgroups and its user's files.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class SandboxTeardownEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\"";

    @Test
    void aTornDownClustersSandboxLeavesNoProcessNetworkOrCgroup() throws Exception {
        Containment containment = SharedPlatform.bean(Containment.class);
        assumeTrue(containment.isolated(), "user code runs isolated on this host only");
        GatewayClient owner = new GatewayClient(SharedPlatform.platform()).as("sandbox-teardown");
        GatewayClient.Response created = owner.post("/api/v1/sessions", "{" + SIZE + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String session = created.body().get("id").asString();
        String clusterId = owner.awaitState(session, "idle", Duration.ofMinutes(4)).get("clusterId").asString();
        String master = SharedPlatform.bean(ClusterRepository.class).find(clusterId).orElseThrow().info()
                .masterUrl();
        Sandbox sandbox = containment.sandboxAt(URI.create(master).getHost()).orElseThrow();
        Path identity = sandbox.identity();
        List<Path> cgroups = Files.readAllLines(identity.resolve("cgroups")).stream().filter(l -> !l.isBlank())
                .map(Path::of).toList();
        assertThat(processesOf(sandbox.uid())).as("the cluster's and its driver's processes").isNotEmpty();

        // the session ends; its cluster stays warm for the grace, then goes
        assertThat(owner.delete("/api/v1/sessions/" + session).status()).isEqualTo(202);
        await("the sandbox removed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Files.exists(identity));

        assertThat(Path.of("/run/netns", sandbox.network())).doesNotExist();
        assertThat(cgroups).as("the sandbox's cgroups, once it is removed")
                .allSatisfy(cg -> assertThat(cg).doesNotExist());
        assertThat(processesOf(sandbox.uid())).as("processes of the sandbox's user").isEmpty();
    }

    /** The pids of the processes running as {@code uid} (real uid, from /proc). */
    private static List<String> processesOf(long uid) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p.resolve("status")).stream()
                                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals(
                                            String.valueOf(uid)));
                        } catch (IOException e) {
                            return false; // gone meanwhile
                        }
                    }).map(p -> p.getFileName().toString()).toList();
        }
    }
}
