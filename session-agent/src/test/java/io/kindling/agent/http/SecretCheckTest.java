package io.kindling.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretCheckTest {

    private final SecretCheck check = new SecretCheck("s3cret-é");

    @Test
    void acceptsOnlyTheExactSecret() {
        assertThat(check.matches("s3cret-é")).isTrue();
        assertThat(check.matches("s3cret-e")).isFalse();
        assertThat(check.matches("s3cret")).isFalse();
        assertThat(check.matches("s3cret-é ")).isFalse();
        assertThat(check.matches("")).isFalse();
        assertThat(check.matches(null)).isFalse();
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> new SecretCheck("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesQueryParameters() {
        assertThat(AgentHttpServer.query("waitMillis=500&x=a%20b&flag"))
                .containsEntry("waitMillis", "500").containsEntry("x", "a b").containsEntry("flag", "");
        assertThat(AgentHttpServer.query(null)).isEmpty();
    }
}
