package io.kindling.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.agent.AgentConfig;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SparkDriverTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:03:10Z"), ZoneOffset.UTC);
    private final BlockingQueue<Integer> exits = new ArrayBlockingQueue<>(4);

    private SparkDriver driver() throws IOException {
        Properties props = new Properties();
        props.load(new StringReader("""
                kindling.agent.port=1
                kindling.agent.secret=s
                kindling.agent.expected-executors=2
                kindling.agent.failure-exit-delay-seconds=0
                spark.master=spark://127.0.0.1:7077
                """));
        return new SparkDriver(AgentConfig.parse(props), clock, exits::add);
    }

    @Test
    void reportsWhatAStartingAgentWaitsForAndSince() throws IOException {
        Health health = driver().health();

        assertThat(health.state()).isEqualTo("starting");
        assertThat(health.executors()).isZero();
        assertThat(health.appId()).isNull();
        assertThat(health.message()).isEqualTo("SparkContext not started (waiting since 12:03:10Z)");
        assertThat(health.sparkVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void aFailureIsReportedAndEndsTheProcessWithCode2() throws Exception {
        SparkDriver driver = driver();

        driver.fail("boom");
        driver.fail("second failure is ignored");

        assertThat(driver.health().state()).isEqualTo("failed");
        assertThat(driver.health().message()).isEqualTo("boom");
        assertThat(exits.poll(5, TimeUnit.SECONDS)).isEqualTo(SparkDriver.EXIT_FAILED);
        assertThat(exits.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(driver.readySession()).isEmpty();
    }

    @Test
    void aFailureWhileStoppingIsIgnored() throws Exception {
        SparkDriver driver = driver();

        driver.shutdown("test");
        driver.fail("context stopped");

        assertThat(exits.poll(5, TimeUnit.SECONDS)).isZero();
        assertThat(driver.health().state()).isEqualTo("starting");
    }
}
