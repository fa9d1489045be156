package io.kindling.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static Properties props(String text) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(text));
        return props;
    }

    private static final String MINIMAL = """
            kindling.agent.port=18080
            kindling.agent.secret=s3cret
            kindling.agent.expected-executors=2
            spark.master=spark://127.0.0.1:7077
            """;

    @Test
    void readsAgentKeysAndDefaults() throws IOException {
        AgentConfig config = AgentConfig.parse(props(MINIMAL));

        assertThat(config.port()).isEqualTo(18080);
        assertThat(config.secret()).isEqualTo("s3cret");
        assertThat(config.expectedExecutors()).isEqualTo(2);
        assertThat(config.parentPid()).isEqualTo(OptionalLong.empty());
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.maxResultRows()).isEqualTo(1000);
        assertThat(config.failureExitDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.masterLostTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void passesEverySparkKeyAndAddsTheRegistrationRatio() throws IOException {
        AgentConfig config = AgentConfig.parse(props(MINIMAL + """
                spark.app.name=kindling-c1
                spark.executor.memory = 512m
                kindling.agent.parent-pid=4242
                kindling.agent.ready-timeout-seconds=30
                """));

        assertThat(config.sparkConf()).containsOnly(
                org.assertj.core.api.Assertions.entry("spark.master", "spark://127.0.0.1:7077"),
                org.assertj.core.api.Assertions.entry("spark.app.name", "kindling-c1"),
                org.assertj.core.api.Assertions.entry("spark.executor.memory", "512m"),
                org.assertj.core.api.Assertions.entry("spark.scheduler.minRegisteredResourcesRatio", "1.0"));
        assertThat(config.parentPid()).hasValue(4242);
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void keepsAGivenRegistrationRatio() throws IOException {
        AgentConfig config = AgentConfig.parse(props(MINIMAL + "spark.scheduler.minRegisteredResourcesRatio=0.5\n"));

        assertThat(config.sparkConf()).containsEntry("spark.scheduler.minRegisteredResourcesRatio", "0.5");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> AgentConfig.parse(props("""
                kindling.agent.port=99999
                kindling.agent.expected-executors=two
                kindling.agent.prot=1
                spark.app.name=x
                """)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kindling.agent.port must be in [1, 65535], was 99999")
                .hasMessageContaining("kindling.agent.secret is required")
                .hasMessageContaining("kindling.agent.expected-executors must be an integer, was 'two'")
                .hasMessageContaining("unknown key 'kindling.agent.prot'")
                .hasMessageContaining("spark.master is required");
    }

    @Test
    void toStringHidesSecrets() throws IOException {
        AgentConfig config = AgentConfig.parse(props(MINIMAL + "spark.authenticate.secret=hush\n"));

        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("hush")
                .contains("spark.authenticate.secret=*****");
    }
}
