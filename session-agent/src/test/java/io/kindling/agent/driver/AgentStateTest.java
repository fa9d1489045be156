package io.kindling.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class AgentStateTest {

    @Test
    void movesOnlyForward() {
        for (AgentState from : AgentState.values()) {
            for (AgentState to : AgentState.values()) {
                boolean allowed = (from == AgentState.STARTING && to != AgentState.STARTING)
                        || (from == AgentState.READY && to == AgentState.FAILED);
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed);
            }
        }
        assertThat(EnumSet.allOf(AgentState.class)).extracting(AgentState::wireName)
                .containsExactly("starting", "ready", "failed");
    }
}
