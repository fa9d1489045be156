package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

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
        String id = gateway.post("/api/v1/sessions", "{\"numExecutors\":1,\"executorMemory\":\"512m\","
                + "\"driverMemory\":\"768m\",\"timeoutMinutes\":3}").body().get("id").asString();
        JsonNode idle = gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        Instant due = Instant.parse(idle.get("history").get(3).get("at").asString()).plusSeconds(3);

        platform.stopService("teardown-service");
        try {
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
}
