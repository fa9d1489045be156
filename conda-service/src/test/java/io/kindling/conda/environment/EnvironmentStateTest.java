package io.kindling.conda.environment;

import static io.kindling.conda.environment.EnvironmentState.BUILDING;
import static io.kindling.conda.environment.EnvironmentState.FAILED;
import static io.kindling.conda.environment.EnvironmentState.READY;
import static io.kindling.conda.environment.EnvironmentState.REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvironmentStateTest {

    @Test
    void theTransitionTable() {
        assertThat(REQUESTED.canMoveTo(BUILDING)).isTrue();
        assertThat(REQUESTED.canMoveTo(FAILED)).isTrue();
        assertThat(REQUESTED.canMoveTo(READY)).isFalse();
        assertThat(BUILDING.canMoveTo(READY)).isTrue();
        assertThat(BUILDING.canMoveTo(FAILED)).isTrue();
        assertThat(BUILDING.canMoveTo(REQUESTED)).isFalse();
        for (EnvironmentState s : EnvironmentState.values()) {
            assertThat(READY.canMoveTo(s)).isFalse();
            assertThat(FAILED.canMoveTo(s)).isFalse();
        }
        assertThat(READY.isTerminal()).isTrue();
        assertThat(BUILDING.isTerminal()).isFalse();
    }
}
