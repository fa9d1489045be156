package io.kindling.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real processes, a real {@code kill -9}: what a JVM tied to itself does not outlive it. */
class LifelineTest {

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void whatAJvmTiedToItselfIsKilledWhenTheJvmIsKilled() throws Exception {
        Fixture fixture = start(false);
        assertThat(fixture.pids("member")).as("the group's members").hasSize(2);
        List<Long> tied = new ArrayList<>(fixture.pids("group"));
        tied.addAll(fixture.pids("member"));
        tied.addAll(fixture.pids("single"));
        assertThat(tied).allMatch(LifelineTest::alive);

        fixture.jvm().destroyForcibly().waitFor();

        await("every tied process gone after kill -9 of its JVM").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> tied.stream().noneMatch(LifelineTest::alive));
        // the reaper goes too, once it is done; what was untied is not its business
        await().atMost(Duration.ofSeconds(20)).until(() -> !alive(fixture.pids("reaper").get(0)));
        assertThat(fixture.pids("untied")).as("the untied process").allMatch(LifelineTest::alive);
    }

    @Test
    void aJvmThatEndsNormallyTakesWhatIsStillTiedWithIt() throws Exception {
        Fixture fixture = start(true);
        List<Long> tied = new ArrayList<>(fixture.pids("member"));
        tied.addAll(fixture.pids("single"));

        assertThat(fixture.jvm().waitFor()).isZero();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> tied.stream().noneMatch(LifelineTest::alive));
    }

    @Test
    void whatIsLeftOfAGroupGoesWhenItsLeaderExits() throws Exception {
        Process leader = Lifeline.ofThisJvm().start(new ProcessBuilder("/bin/sh", "-c", "sleep 305 & echo $!")
                .redirectErrorStream(true));
        long orphan;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(leader.getInputStream(),
                StandardCharsets.UTF_8))) {
            orphan = Long.parseLong(out.readLine().trim());
        }
        started.add(orphan);
        assertThat(leader.waitFor()).isZero();

        await("the leader's orphan killed with its group").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> !alive(orphan));
    }

    /** Starts the fixture JVM; whatever it printed is killed after the test, should the test fail. */
    private Fixture start(boolean exit) throws IOException {
        Fixture fixture = Fixture.start(exit);
        started.add(fixture.jvm().pid());
        fixture.printed().values().forEach(started::addAll);
        return fixture;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The fixture JVM and the pids it printed, by kind. */
    private record Fixture(Process jvm, Map<String, List<Long>> printed) {

        static Fixture start(boolean exit) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), LifelineFixture.class.getName()));
            if (exit) {
                command.add("--exit");
            }
            Process jvm = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Map<String, List<Long>> printed = new HashMap<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                String[] kindAndPid = line.split(" ");
                printed.computeIfAbsent(kindAndPid[0], k -> new ArrayList<>()).add(Long.parseLong(kindAndPid[1]));
            }
            return new Fixture(jvm, printed);
        }

        List<Long> pids(String kind) {
            return printed.getOrDefault(kind, List.of());
        }
    }
}
