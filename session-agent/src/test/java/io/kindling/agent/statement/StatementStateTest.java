package io.kindling.agent.statement;

import static io.kindling.agent.statement.StatementState.AVAILABLE;
import static io.kindling.agent.statement.StatementState.CANCELLED;
import static io.kindling.agent.statement.StatementState.CANCELLING;
import static io.kindling.agent.statement.StatementState.RUNNING;
import static io.kindling.agent.statement.StatementState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementStateTest {

    private static final Set<List<StatementState>> ALLOWED = Set.of(
            List.of(WAITING, RUNNING), List.of(WAITING, CANCELLED), List.of(RUNNING, AVAILABLE),
            List.of(RUNNING, CANCELLING), List.of(CANCELLING, CANCELLED));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (StatementState from : StatementState.values()) {
            for (StatementState to : StatementState.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void allowsExactlyTheLivyTransitions(StatementState from, StatementState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(List.of(from, to)));
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void terminalStatesHaveNoWayOut(StatementState from, StatementState to) {
        if (from.isTerminal()) {
            assertThat(from.canMoveTo(to)).isFalse();
        }
        assertThat(from.isTerminal()).isEqualTo(from == AVAILABLE || from == CANCELLED);
    }
}
