package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each service's {@code /actuator/prometheus} has the Kindling metrics after a session started, ran a statement
 * and timed out; each service's readiness names its database, bus and outbox.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class MetricsEndToEndTest {

    private static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = new GatewayClient(SharedPlatform.platform()).as("metered");
    }

    @Test
    void everyServiceExposesItsMetricsAndItsReadinessInPrometheusFormat() {
        GatewayClient.Response created = gateway.post("/api/v1/sessions", "{\"numExecutors\":1,"
                + "\"executorMemory\":\"512m\",\"driverMemory\":\"768m\",\"timeoutMinutes\":3}");
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().get("id").asString();
        gateway.awaitState(id, "idle", Duration.ofMinutes(4));
        gateway.run(id, "SELECT 1");
        gateway.awaitState(id, "ended", Duration.ofSeconds(60));

        // session-service: start latency by start kind (a histogram), statements, event hops, outbox, consumer lag
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String session = scrape("session-service");
            assertThat(value(session, "kindling_session_start_seconds_count", "start=\"cold\"")).isGreaterThanOrEqualTo(1);
            assertThat(session).contains("kindling_session_start_seconds_bucket{");
            assertThat(value(session, "kindling_statements_total", "state=\"available\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(session, "kindling_event_hop_seconds_count", "type=\"kindling.cluster.provisioned.v1\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(session).contains("kindling_event_hop_seconds_bucket{");
            assertThat(value(session, "kindling_events_consumed_total", "verdict=\"apply\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(session, "kindling_outbox_backlog", "")).isGreaterThanOrEqualTo(0);
            assertThat(session).contains("kindling_outbox_oldest_age_seconds");
            assertThat(session).contains("spring_cloud_stream_binder_kafka_offset");
        });
        // provisioning-service: clusters by state, idle cluster-seconds
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String provisioning = scrape("provisioning-service");
            assertThat(value(provisioning, "kindling_clusters", "state=\"warm\"")
                    + value(provisioning, "kindling_clusters", "state=\"reserved\"")
                    + value(provisioning, "kindling_clusters", "state=\"torn_down\"")).isGreaterThanOrEqualTo(1);
            assertThat(provisioning).contains("kindling_cluster_idle_seconds_total");
        });
        // teardown-service: the expiry fired, and how late
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String teardown = scrape("teardown-service");
            assertThat(value(teardown, "kindling_deadlines_fired_total", "kind=\"session_expiry\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(teardown, "kindling_deadline_lateness_seconds_count", "kind=\"session_expiry\""))
                    .isGreaterThanOrEqualTo(1);
        });

        // readiness says what it depends on
        for (ConfigurableApplicationContext service : SharedPlatform.platform().services()) {
            JsonNode ready = JsonMapper.builder().build().readTree(Actuator.get(service, "/actuator/health/readiness").body());
            assertThat(ready.get("status").asString()).as(name(service)).isEqualTo("UP");
            assertThat(ready.get("components").propertyNames()).as(name(service))
                    .contains("db", "binders", "outbox", "readinessState");
        }
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code label}. */
    private static double value(String scrape, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? ([0-9.eE+-]+|NaN)$").matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(label)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        assertThat(found).as("%s{%s} in the scrape", metric, label).isTrue();
        return sum;
    }

    private static String scrape(String service) {
        HttpResponse<String> response = Actuator.get(SharedPlatform.platform(), service, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String name(ConfigurableApplicationContext service) {
        return service.getEnvironment().getRequiredProperty("spring.application.name");
    }
}
