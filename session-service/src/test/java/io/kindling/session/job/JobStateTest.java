package io.kindling.session.job;

import static io.kindling.session.job.JobState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStateTest {

    private static final Set<String> ALLOWED = Set.of(
            "QUEUED>PREPARING", "QUEUED>FAILED", "QUEUED>KILLED",
            "PREPARING>RUNNING", "PREPARING>FAILED", "PREPARING>KILLED",
            "RUNNING>SUCCEEDED", "RUNNING>FAILED", "RUNNING>KILLED");

    static Stream<Arguments> everyPair() {
        return Arrays.stream(values()).flatMap(from -> Arrays.stream(values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionTableIsExactlyTheDesign(JobState from, JobState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(from + ">" + to));
    }

    @Test
    void theThreeEndsAreTerminal() {
        assertThat(Arrays.stream(values()).filter(JobState::isTerminal)).containsExactly(SUCCEEDED, FAILED, KILLED);
    }

    @Test
    void aJobRefusesAMoveTheTableDoesNotHave() {
        Job queued = Job.queued("j-1", "alice", "type: spark", null, null, Instant.EPOCH);

        assertThatThrownBy(() -> queued.moveTo(RUNNING, Instant.EPOCH)).isInstanceOf(IllegalStateException.class);
        assertThat(queued.moveTo(PREPARING, Instant.EPOCH).version()).isEqualTo(2);
    }

    @Test
    void aJobIsReadyToSubmitOnceWithItsClusterAndEnvironmentAndNeverAfterTheAttempt() {
        Job preparing = Job.queued("j-2", "alice", "type: spark", null, null, Instant.EPOCH)
                .moveTo(JobState.PREPARING, Instant.EPOCH);
        Job withCluster = preparing.withCluster(new JobCluster("kc-j-2-1", "spark://m", "http://r", "http://u"));

        assertThat(preparing.readyToSubmit()).as("no cluster yet").isFalse();
        assertThat(withCluster.readyToSubmit()).isTrue();
        assertThat(withCluster.withEnvironment(io.kindling.session.session.SessionEnvironment.WAITING)
                .readyToSubmit()).as("environment still building").isFalse();
        assertThat(withCluster.withEnvironment(io.kindling.session.session.SessionEnvironment.ready("h", "file:/e"))
                .readyToSubmit()).isTrue();
        assertThat(withCluster.withSubmitAttempted().readyToSubmit()).as("claimed once").isFalse();
    }
}
