package io.kindling.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

class PollIntervalTest {

    private static final String BINDER = "spring.cloud.stream.kafka.binder.consumer-properties.max.poll.interval.ms";
    private static final String BINDING =
            "spring.cloud.stream.kafka.bindings.clusterEvents-in-0.consumer.configuration.max.poll.interval.ms";

    @Test
    void withNothingSetItIsKafkasDefault() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "localhost:9092")
                .withProperty("spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms", "10000");
        assertThat(PollInterval.shortest(env)).isEqualTo(PollInterval.KAFKA_DEFAULT);
    }

    @Test
    void theShortestOfTheBinderWideAndEachBindingsSettingCounts() {
        MockEnvironment env = new MockEnvironment().withProperty(BINDER, "600000").withProperty(BINDING, "120000")
                .withProperty("spring.cloud.stream.kafka.bindings.sessionEvents-in-0.consumer.configuration"
                        + ".max.poll.interval.ms", "400000");
        PollInterval shortest = PollInterval.shortest(env);
        assertThat(shortest.value()).isEqualTo(Duration.ofMinutes(2));
        assertThat(shortest.setting()).isEqualTo(BINDING);
    }

    @Test
    void springBootsOwnKafkaPropertiesCountToo() {
        MockEnvironment env = new MockEnvironment().withProperty(BINDER, "600000")
                .withProperty("spring.kafka.consumer.properties.max.poll.interval.ms", "90000");
        assertThat(PollInterval.shortest(env)).isEqualTo(new PollInterval(Duration.ofSeconds(90),
                "spring.kafka.consumer.properties.max.poll.interval.ms"));
    }

    @Test
    void anEnvironmentVariableCountsInItsRelaxedForm() {
        // the relaxed form is read from the source Spring names for the process environment
        String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, Map.of(
                "SPRING_CLOUD_STREAM_KAFKA_DEFAULT_CONSUMER_CONFIGURATION_MAX_POLL_INTERVAL_MS", "150000")));
        assertThat(PollInterval.shortest(env).value()).isEqualTo(Duration.ofMillis(150_000));
    }

    @Test
    void aValueThatIsNoNumberIsRefusedNamingItsSetting() {
        MockEnvironment env = new MockEnvironment().withProperty(BINDING, "2m");
        assertThatThrownBy(() -> PollInterval.shortest(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BINDING).hasMessageContaining("'2m'");
    }
}
