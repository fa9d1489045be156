package io.kindling.provisioning.cluster;

import static io.kindling.provisioning.cluster.ClusterState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterStateTest {

    private static final Set<String> ALLOWED = Set.of(
            "PROVISIONING>RESERVED", "PROVISIONING>WARM", "PROVISIONING>TEARING_DOWN", "PROVISIONING>FAILED",
            "RESERVED>WARM", "RESERVED>TEARING_DOWN", "RESERVED>FAILED",
            "WARM>RESERVED", "WARM>TEARING_DOWN", "WARM>FAILED",
            "ATTACHED>FAILED",
            "TEARING_DOWN>TORN_DOWN", "TEARING_DOWN>FAILED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(values()).flatMap(from -> Arrays.stream(values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionTableIsExactlyTheDesign(ClusterState from, ClusterState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
    }

    @Test
    void attachedPoolsAreNeverTornDownThroughTheLifecycle() {
        assertThat(ATTACHED.canMoveTo(TEARING_DOWN)).isFalse();
        assertThat(Arrays.stream(values()).filter(ClusterState::isTerminal)).containsExactly(TORN_DOWN, FAILED);
    }

    @Test
    void clusterIdsAreDeterministic() {
        assertThat(Cluster.idFor("s-0123456789abcdef", 1)).isEqualTo("kc-s-0123456789abcdef-1");
    }
}
