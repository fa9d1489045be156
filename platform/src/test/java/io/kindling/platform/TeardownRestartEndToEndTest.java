package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** A deadline that falls due while teardown-service is down fires as soon as it is back. */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class TeardownRestartEndToEndTest {

    @Test
    void sessionExpiryDueDuringADowntimeFiresAfterTheRestart() throws InterruptedException {
        Platform platform = SharedPlatform.platform();
        GatewayClient gateway = new GatewayClient(platform).as("teardown-restart");
        // ten "minutes" (10 s here): long enough that teardown-service has stopped well before the deadline is due
        String id = gateway.post("/api/v1/sessions", "{\"numExecutors\":1,\"executorMemory\":\"512m\","
                + "\"driverMemory\":\"768m\",\"timeoutMinutes\":10}").body().get("id").asString();
        JsonNode idle = gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        Instant due = Instant.parse(idle.get("history").get(3).get("at").asString()).plusSeconds(10);
        // the deadline is scheduled before the service goes
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> timeline(gateway, id)
                .contains("deadline:scheduled"));

        platform.stopService("teardown-service");
        try {
            assertThat(Instant.now()).as("teardown-service stopped before the deadline fell due (else this test "
                    + "cannot tell a fire during the downtime from one before it)").isBefore(due);
            // wait out the due time (plus a margin) while no replica runs: nothing may fire
            while (Instant.now().isBefore(due.plusSeconds(3))) {
                Thread.sleep(200);
            }
            assertThat(gateway.get("/api/v1/sessions/" + id).body().get("state").asString()).isEqualTo("idle");
        } finally {
            platform.startService("teardown-service");
        }

        JsonNode ended = gateway.awaitState(id, "ended", Duration.ofSeconds(60));
        assertThat(ended.get("endReason").asString()).isEqualTo("TIMED_OUT");
        JsonNode timeline = gateway.get("/api/v1/sessions/" + id + "/timeline").body();
        JsonNode fired = null;
        for (JsonNode e : timeline.get("events")) {
            if (e.get("source").asString().equals("deadline") && e.get("state").asString().equals("fired")
                    && e.get("reason").asString().startsWith("session timeout")) {
                fired = e;
            }
        }
        assertThat(fired).as(timeline.toString()).isNotNull();
        assertThat(Instant.parse(fired.get("at").asString())).isAfter(due.plusSeconds(3));
    }

    private static java.util.List<String> timeline(GatewayClient gateway, String id) {
        java.util.List<String> entries = new java.util.ArrayList<>();
        gateway.get("/api/v1/sessions/" + id + "/timeline").body().get("events")
                .forEach(e -> entries.add(e.get("source").asString() + ":" + e.get("state").asString()));
        return entries;
    }
}
