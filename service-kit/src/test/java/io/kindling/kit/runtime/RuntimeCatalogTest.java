package io.kindling.kit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeCatalogTest {

    private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));

    @TempDir
    Path root;

    private RuntimeCatalog catalog() {
        return new RuntimeCatalog(new RuntimeProperties(root, "4.2", false, root.resolve("cds")));
    }

    @Test
    void findsEachRuntimeWithItsSparkAndScalaVersionNewestFirst() throws IOException {
        install("4.1", "spark-core_2.13-4.1.1.jar");
        install("4.2", "spark-core_2.13-4.2.0.jar");
        Files.createDirectories(root.resolve("spark-4.3")); // no jars yet: being built
        Files.createDirectories(root.resolve("notes"));

        List<SparkRuntime> found = catalog().installed();

        assertThat(found).extracting(SparkRuntime::version).containsExactly("4.2", "4.1");
        assertThat(found.get(0).sparkVersion()).isEqualTo("4.2.0");
        assertThat(found.get(0).scalaVersion()).isEqualTo("2.13");
    }

    @Test
    void aRuntimeRunsPythonOnlyWithACompletePythonSide() throws IOException {
        install("4.1", "spark-core_2.13-4.1.1.jar");
        install("4.2", "spark-core_2.13-4.2.0.jar");
        Path python = Files.createDirectories(root.resolve("spark-4.2/python/env/bin"));
        Files.createFile(python.resolve("python"));
        Path launcher = Files.createDirectories(root.resolve("spark-4.2/python/bin")).resolve("environment-python");
        Files.createFile(launcher, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        Path site = Files.createDirectories(root.resolve("spark-4.2/python/env/lib/python3.11/site-packages"));
        Files.writeString(root.resolve("spark-4.2/python/runtime.json"), """
                {"python": "3.11.7", "executable": "env/bin/python", "lock": "abc",
                 "site": "env/lib/python3.11/site-packages", "environmentPython": "bin/environment-python",
                 "packages": {"pyspark": "4.2.0", "pandas": "2.3.3", "py4j": "0.10.9.9"}}""");
        // 4.1's manifest names an interpreter that is not there: no Python
        Files.createDirectories(root.resolve("spark-4.1/python"));
        Files.writeString(root.resolve("spark-4.1/python/runtime.json"), """
                {"python": "3.11.7", "executable": "env/bin/python", "packages": {"pyspark": "4.1.1"}}""");

        List<SparkRuntime> found = catalog().installed();

        SparkRuntime withPython = found.get(0);
        assertThat(withPython.runsPython()).isTrue();
        RuntimePython side = withPython.python().orElseThrow();
        assertThat(side.version()).isEqualTo("3.11.7");
        assertThat(side.executable()).isEqualTo(python.resolve("python").toAbsolutePath());
        assertThat(side.site()).isEqualTo(site.toAbsolutePath());
        assertThat(side.environmentPython()).isEqualTo(launcher.toAbsolutePath());
        assertThat(side.packages()).containsEntry("pyspark", "4.2.0").containsEntry("pandas", "2.3.3");
        assertThat(found.get(1).version()).isEqualTo("4.1");
        assertThat(found.get(1).runsPython()).isFalse();
    }

    @Test
    void aRuntimeBuiltOrRemovedAfterTheCatalogReadTheDiskShowsUpOnTheNextCall() throws IOException {
        RuntimeCatalog catalog = catalogOfAnHourOldInstall();

        Files.createFile(root.resolve("spark-4.3/jars/spark-core_2.13-4.3.0.jar"));
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.3", "4.2");

        install("4.4", "spark-core_2.13-4.4.0.jar");
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.4", "4.3", "4.2");

        Files.delete(root.resolve("spark-4.2/jars/spark-core_2.13-4.2.0.jar"));
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.4", "4.3");
    }

    @Test
    void whileNoFileTimeChangesTheDiskIsNotReadAgain() throws IOException {
        RuntimeCatalog catalog = catalogOfAnHourOldInstall();

        // a jar slipped in with the directory's time put back: the catalog keeps its reading
        Files.createFile(root.resolve("spark-4.3/jars/spark-core_2.13-4.3.0.jar"));
        age(root.resolve("spark-4.3/jars"));
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.2");
        // a catalog that has not read the disk yet sees it
        assertThat(catalog().installed()).extracting(SparkRuntime::version).containsExactly("4.3", "4.2");
    }

    @Test
    void aJustWrittenInstallIsReadAgainUntilItsTimesAreOlderThanTheirGranularity() throws IOException {
        install("4.2", "spark-core_2.13-4.2.0.jar");
        Path jars = Files.createDirectories(root.resolve("spark-4.3/jars"));
        FileTime written = Files.getLastModifiedTime(jars);
        RuntimeCatalog catalog = catalog();
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.2");

        // the trick above, within a time the file system may not tell apart: the catalog reads the disk again
        Files.createFile(jars.resolve("spark-core_2.13-4.3.0.jar"));
        Files.setLastModifiedTime(jars, written);
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.3", "4.2");
    }

    @Test
    void noRootNoRuntimes() {
        RuntimeCatalog catalog = new RuntimeCatalog(new RuntimeProperties(root.resolve("absent"), "4.2", false,
                root.resolve("cds")));
        assertThat(catalog.installed()).isEmpty();
        assertThat(catalog.find("4.2")).isEmpty();
    }

    /** Runtime 4.2, and 4.3 still without its jars, all written an hour ago; the catalog has read them. */
    private RuntimeCatalog catalogOfAnHourOldInstall() throws IOException {
        install("4.2", "spark-core_2.13-4.2.0.jar");
        Files.createDirectories(root.resolve("spark-4.3/jars"));
        age(root, root.resolve("spark-4.2"), root.resolve("spark-4.2/jars"), root.resolve("spark-4.3"),
                root.resolve("spark-4.3/jars"));
        RuntimeCatalog catalog = catalog();
        assertThat(catalog.installed()).extracting(SparkRuntime::version).containsExactly("4.2");
        return catalog;
    }

    private void install(String version, String coreJar) throws IOException {
        Path jars = Files.createDirectories(root.resolve("spark-" + version + "/jars"));
        Files.createFile(jars.resolve("scala-library-2.13.16.jar"));
        Files.createFile(jars.resolve(coreJar));
    }

    private static void age(Path... paths) throws IOException {
        for (Path p : paths) {
            Files.setLastModifiedTime(p, AN_HOUR_AGO);
        }
    }
}
