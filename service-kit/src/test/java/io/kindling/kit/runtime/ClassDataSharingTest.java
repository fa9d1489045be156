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

        Files.writeString(training.training(), "archive"); // what the JVM writes at exit
        cds.promote(training);

        ClassDataSharing.Launch mapped = cds.forRole(runtime, "driver");
        assertThat(mapped.training()).isNull();
        assertThat(mapped.flags()).anyMatch(f -> f.startsWith("-XX:SharedArchiveFile=") && f.endsWith("driver.jsa"));
    }

    @Test
    void aTrainingProcessThatLeftNoArchiveFreesTheRole() throws IOException {
        SparkRuntime runtime = runtime();
        ClassDataSharing cds = new ClassDataSharing(new RuntimeProperties(tmp, "4.2", true, tmp.resolve("cds")));
        ClassDataSharing.Launch killed = cds.forRole(runtime, "worker");
        cds.promote(killed); // killed with SIGKILL: no archive was written
        assertThat(cds.forRole(runtime, "worker").training()).isNotNull();
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
