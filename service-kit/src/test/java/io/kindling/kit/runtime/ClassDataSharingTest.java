package io.kindling.kit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    @TempDir
    Path tmp;

    @Test
    void firstLaunchTrainsOthersWaitAndLaterLaunchesMapTheArchive() throws IOException {
        SparkRuntime runtime = runtime();
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true, tmp.resolve("cds")));

        ClassDataSharing.Launch training = cds.forRole(runtime, "driver");
        assertThat(training.flags()).anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(cds.forRole(runtime, "driver").flags()).as("one training per role at a time").isEmpty();
        assertThat(cds.forRole(runtime, "master").training()).as("other roles train on their own").isNotNull();

        cds.started(41, training);
        assertThat(cds.training(41)).isTrue();
        Files.writeString(training.training(), "archive"); // what the JVM writes at exit
        cds.stopped(41, false);
        assertThat(cds.training(41)).isFalse();

        ClassDataSharing.Launch mapped = cds.forRole(runtime, "driver");
        assertThat(mapped.training()).isNull();
        assertThat(mapped.flags()).anyMatch(f -> f.startsWith("-XX:SharedArchiveFile=") && f.endsWith("driver.jsa"));
    }

    @Test
    void aProcessThatMayNotTrainOnlyMapsAnArchiveAnotherTrained() throws IOException {
        SparkRuntime runtime = runtime();
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true, tmp.resolve("cds")));

        ClassDataSharing.Launch sandboxed = cds.forRole(runtime, "driver", false);
        assertThat(sandboxed.flags()).isEmpty();
        assertThat(sandboxed.training()).isNull();
        // nor did it claim the role: the next process that may train does
        ClassDataSharing.Launch training = cds.forRole(runtime, "driver");
        assertThat(training.training()).isNotNull();
        cds.started(43, training);
        Files.writeString(training.training(), "archive");
        cds.stopped(43, false);

        assertThat(cds.forRole(runtime, "driver", false).flags())
                .anyMatch(f -> f.startsWith("-XX:SharedArchiveFile=") && f.endsWith("driver.jsa"));
    }

    @Test
    void aTrainingProcessThatLeftNoArchiveFreesTheRole() throws IOException {
        SparkRuntime runtime = runtime();
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true, tmp.resolve("cds")));
        ClassDataSharing.Launch exited = cds.forRole(runtime, "worker");
        cds.started(42, exited);
        cds.stopped(42, false); // it exited without writing an archive (it crashed, say)
        assertThat(cds.forRole(runtime, "worker").training()).isNotNull();
    }

    @Test
    void aTrainingProcessKilledWhileItWroteItsArchiveLeavesNothingHalfWrittenAndFreesTheRole() throws IOException {
        SparkRuntime runtime = runtime();
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true, tmp.resolve("cds")));
        ClassDataSharing.Launch killed = cds.forRole(runtime, "master");
        cds.started(43, killed);
        Files.writeString(killed.training(), "half an arch"); // killed at the stop while it wrote
        cds.stopped(43, true);

        assertThat(killed.training()).doesNotExist();
        assertThat(killed.training().resolveSibling("master.jsa")).as("no archive kept").doesNotExist();
        ClassDataSharing.Launch again = cds.forRole(runtime, "master");
        assertThat(again.training()).as("the role trains again").isNotNull();
        assertThat(again.flags()).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile="));
    }

    @Test
    void disabledMeansNoFlags() throws IOException {
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", false, tmp.resolve("cds")));
        assertThat(cds.forRole(runtime(), "driver").flags()).isEmpty();
    }

    private SparkRuntime runtime() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("spark-4.2/jars"));
        Files.writeString(home.resolve("spark-core_2.13-4.2.0.jar"), "x");
        return new SparkRuntime("4.2", "4.2.0", "2.13", home.getParent());
    }
}
