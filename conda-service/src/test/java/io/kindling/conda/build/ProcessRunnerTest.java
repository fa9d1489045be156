package io.kindling.conda.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.conda.environment.EnvironmentFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner(Clock.systemUTC());

    @Test
    void pastTheDeadlineTheWholeTreeIsKilledAndTheStepNamed() throws Exception {
        Path log = dir.resolve("build.log");
        Path pids = dir.resolve("pids");
        // a parent that starts a child and a grandchild, and never ends
        String script = "sleep 600 & echo $! > " + pids + "; bash -c 'sleep 600 & echo $! >> " + pids
                + "; wait' & wait";
        Instant since = Instant.now();

        assertThatThrownBy(() -> runner.run(List.of("bash", "-c", script), Map.of(), log, "installing slowpkg",
                since, since.plusSeconds(2)))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.failure()).isEqualTo(EnvironmentFailure.INSTALL_TIMEOUT);
                    assertThat(e.pending()).isEqualTo("installing slowpkg");
                    assertThat(e.pendingSince()).isEqualTo(since);
                    assertThat(e.getMessage()).contains("installing slowpkg").contains(since.toString());
                });

        long[] started = Arrays.stream(Files.readString(pids).trim().split("\\s+")).mapToLong(Long::parseLong)
                .toArray();
        assertThat(started).hasSize(2);
        for (long pid : started) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        assertThat(Files.readString(log)).contains("$ bash -c").contains("killed after the install limit");
    }

    @Test
    void aFailingCommandIsAnInstallErrorWithItsOutputInTheLog() {
        Path log = dir.resolve("build.log");
        Instant now = Instant.now();

        assertThatThrownBy(() -> runner.run(List.of("bash", "-c", "echo no such package >&2; exit 3"), Map.of(), log,
                "installing nothing", now, now.plusSeconds(30)))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.failure()).isEqualTo(EnvironmentFailure.INSTALL_ERROR);
                    assertThat(e.getMessage()).contains("exit code 3");
                });
        assertThat(BuildLog.tail(log, 1000)).contains("no such package");
    }

    @Test
    void installersDoNotSeeTheUsersPipConfiguration() throws Exception {
        Path log = dir.resolve("build.log");
        Instant now = Instant.now();

        runner.run(List.of("bash", "-c", "echo index=${PIP_INDEX_URL:-none} config=$PIP_CONFIG_FILE"),
                Map.of(), log, "printing", now, now.plusSeconds(30));

        assertThat(Files.readString(log)).contains("index=none config=/dev/null");
    }
}
