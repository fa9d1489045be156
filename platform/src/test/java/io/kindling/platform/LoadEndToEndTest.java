package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.platform.load.SessionLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A bounded load on the gateway with the cluster launch replaced by the simulated backend, so the bus and the
 * databases take it: every create is accepted, every read answered, and every request goes its whole way through
 * the services (its cluster reserved and refused, the session failed) with nothing lost. The rates it prints are
 * for information; {@code bin/kindling bench --only load} measures them.
 */
@Tag("integration")
class LoadEndToEndTest {

    private static final int CREATES = 2_000;

    @Test
    void thousandsOfCreatesAndReadsAreAllAnsweredAndAllReachTheServices() throws Exception {
        try (Platform platform = Platform.start(PlatformOptions.forTests(Files.createTempDirectory("kindling-load"),
                Path.of(System.getProperty("kindling.runtime.root")))
                .withOverrides(Map.of("kindling.provisioning.backend", "simulated")))) {
            SessionLoad load = new SessionLoad(platform.gatewayUrl(), platform::token, 20, 16);
            SessionLoad.Result result = load.run(CREATES, Duration.ofMinutes(3));
            System.out.printf("load: %d creates at %.0f/s (p50 %d us, p99 %d us), %d reads at %.0f/s (p50 %d us, "
                            + "p99 %d us)%n", result.creates().calls(), result.creates().perSecond(),
                    result.creates().p50Micros(), result.creates().p99Micros(), result.reads().calls(),
                    result.reads().perSecond(), result.reads().p50Micros(), result.reads().p99Micros());

            assertThat(result.creates().errors()).as(result.creates().errorSamples().toString()).isZero();
            assertThat(result.creates().calls()).isEqualTo(CREATES);
            assertThat(result.reads().errors()).as(result.reads().errorSamples().toString()).isZero();
            assertThat(result.reads().calls()).isEqualTo(CREATES);
            assertThat(result.sessionIds()).doesNotHaveDuplicates().hasSize(CREATES);

            // nothing lost on the way: every session was failed by its refused cluster, once
            JdbcClient sessions = platform.service("session-service").getBean(JdbcClient.class);
            JdbcClient clusters = platform.service("provisioning-service").getBean(JdbcClient.class);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                System.out.println("load: outbox backlog " + platform.services().stream().map(c -> c.getEnvironment()
                        .getProperty("spring.application.name") + "=" + c.getBean(io.micrometer.core.instrument
                        .MeterRegistry.class).get("kindling.outbox.backlog").gauge().value()).toList() + ", sessions "
                        + sessions.sql("SELECT state || ':' || count(*) FROM session GROUP BY state").query(String.class)
                        .list() + ", clusters " + clusters.sql("SELECT state || ':' || count(*) FROM cluster GROUP BY "
                        + "state").query(String.class).list());
                assertThat(sessions.sql("SELECT count(*) FROM session WHERE owner LIKE 'load-%' AND state = 'FAILED' "
                        + "AND end_reason = 'CLUSTER_FAILED'").query(Long.class).single())
                        .as("sessions failed by their refused cluster").isEqualTo(CREATES);
                assertThat(clusters.sql("SELECT count(*) FROM cluster WHERE state = 'FAILED'").query(Long.class)
                        .single()).isEqualTo(CREATES);
            });
            assertThat(sessions.sql("SELECT count(*) FROM session").query(Long.class).single()).isEqualTo(CREATES);
        }
    }
}
