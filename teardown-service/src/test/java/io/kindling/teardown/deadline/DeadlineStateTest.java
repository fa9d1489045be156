package io.kindling.teardown.deadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadlineStateTest {

    private static final Set<String> ALLOWED = Set.of("SCHEDULED>FIRED", "SCHEDULED>CANCELLED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(DeadlineState.values())
                .flatMap(from -> Arrays.stream(DeadlineState.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionTableIsExactlyTheDesign(DeadlineState from, DeadlineState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
    }
}
