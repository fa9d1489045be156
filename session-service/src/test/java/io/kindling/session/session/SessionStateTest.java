package io.kindling.session.session;

import static io.kindling.session.session.SessionState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.events.ClusterSize;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionStateTest {

    private static final Set<String> ALLOWED = Set.of(
            "REQUESTED>PREPARING", "REQUESTED>ENDING", "REQUESTED>FAILED",
            "PREPARING>STARTING", "PREPARING>ENDING", "PREPARING>FAILED",
            "STARTING>IDLE", "STARTING>ENDING", "STARTING>FAILED",
            "IDLE>BUSY", "IDLE>ENDING", "IDLE>FAILED",
            "BUSY>IDLE", "BUSY>ENDING", "BUSY>FAILED",
            "ENDING>ENDED", "ENDING>FAILED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(values()).flatMap(from -> Arrays.stream(values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionTableIsExactlyTheDesign(SessionState from, SessionState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
    }

    @Test
    void onlyEndedAndFailedAreTerminal() {
        assertThat(Arrays.stream(values()).filter(SessionState::isTerminal)).containsExactly(ENDED, FAILED);
        assertThat(Arrays.stream(values()).filter(SessionState::acceptsStatements)).containsExactly(IDLE, BUSY);
    }

    @Test
    void moveReturnsANewValueWithTheNextVersionAndRejectsIllegalMoves() {
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        Session s = Session.requested("s-1", "alice", null, "sql", "4.2", new ClusterSize(1, 1, 512, 1, 512), 30,
                Map.of(), t0, false);
        Session preparing = s.moveTo(PREPARING, t0.plusSeconds(1));
        assertThat(preparing.state()).isEqualTo(PREPARING);
        assertThat(preparing.version()).isEqualTo(s.version() + 1);
        assertThat(s.state()).isEqualTo(REQUESTED);
        assertThatThrownBy(() -> preparing.moveTo(IDLE, t0)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("PREPARING to IDLE");
    }
}
