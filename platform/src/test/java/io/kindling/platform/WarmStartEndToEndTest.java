package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.provisioning.cluster.ClusterRepository;
import io.kindling.provisioning.cluster.ClusterState;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** A WARM cluster serves the owner's next matching session at once, with nothing of the previous one. */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class WarmStartEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorMemory\":\"512m\",\"driverMemory\":\"768m\","
            + "\"timeoutMinutes\":600";

    private static GatewayClient alice;

    @BeforeAll
    static void connect() {
        alice = new GatewayClient(SharedPlatform.platform()).as("alice");
    }

    @Test
    void sameOwnerWithinTheGraceGetsTheWarmClusterAndAFreshSession() {
        String first = create(alice, "{" + SIZE + ",\"conf\":{\"spark.sql.shuffle.partitions\":\"7\"}}");
        String clusterId = alice.awaitState(first, "idle", Duration.ofMinutes(4)).get("clusterId").asString();
        // each must succeed, or the fresh session below would find nothing of them for the wrong reason
        alice.rows(first, "CREATE TEMP VIEW leftover_view AS SELECT 1 AS x");
        alice.rows(first, "CACHE TABLE leftover_cache AS SELECT 2 AS y");
        alice.rows(first, "CREATE TABLE leftover_table (a INT) USING parquet");
        assertThat(alice.value(first, "SELECT count(*) FROM leftover_view").asLong()).isEqualTo(1);
        assertThat(alice.rows(first, "SHOW TABLES").size()).isEqualTo(3);
        assertThat(cell(alice.rows(first, "SET spark.sql.shuffle.partitions"), 1)).isEqualTo("7");
        assertThat(alice.delete("/api/v1/sessions/" + first).status()).isEqualTo(202);
        alice.awaitState(first, "ended", Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> clusterState(clusterId) == ClusterState.WARM);

        String second = create(alice, "{" + SIZE + "}");
        JsonNode idle = alice.awaitState(second, "idle", Duration.ofMinutes(1));

        assertThat(idle.get("clusterId").asString()).isEqualTo(clusterId);
        assertThat(idle.get("history").get(3).get("reason").asString()).contains("warm start");
        JsonNode view = alice.run(second, "SELECT * FROM leftover_view");
        assertThat(view.get("status").asString()).isEqualTo("error");
        assertThat(view.get("evalue").asString()).contains("TABLE_OR_VIEW_NOT_FOUND");
        assertThat(alice.rows(second, "SHOW TABLES")).isEmpty();
        assertThat(cell(alice.rows(second, "SET spark.sql.shuffle.partitions"), 1)).isEqualTo("200");
        assertThat(alice.value(second, "SELECT count(*) FROM range(1000)").asLong()).isEqualTo(1000);
        assertThat(SharedPlatform.bean(ClusterRepository.class).history(clusterId)).extracting(h -> h.get("state"))
                .containsExactly("provisioning", "reserved", "warm", "reserved");

        // someone else's session never lands on alice's warm cluster or driver
        GatewayClient bob = alice.as("bob");
        assertThat(alice.delete("/api/v1/sessions/" + second).status()).isEqualTo(202);
        alice.awaitState(second, "ended", Duration.ofMinutes(1));
        String bobs = create(bob, "{" + SIZE + "}");
        JsonNode bobIdle = bob.awaitState(bobs, "idle", Duration.ofMinutes(4));
        assertThat(bobIdle.get("clusterId").asString()).isNotEqualTo(clusterId);
        bob.delete("/api/v1/sessions/" + bobs);
        bob.awaitState(bobs, "ended", Duration.ofMinutes(1));

        await().atMost(Duration.ofMinutes(3)).until(() -> clusterState(clusterId) == ClusterState.TORN_DOWN);
    }

    private static String create(GatewayClient client, String body) {
        GatewayClient.Response created = client.post("/api/v1/sessions", body);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(202);
        return created.body().get("id").asString();
    }

    private static String cell(JsonNode rows, int column) {
        assertThat(rows).hasSize(1);
        return rows.get(0).get(column).asString();
    }

    private static ClusterState clusterState(String clusterId) {
        return SharedPlatform.bean(ClusterRepository.class).find(clusterId).orElseThrow().state();
    }
}
