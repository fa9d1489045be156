package io.kindling.kit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.job.spec.JobSpecs;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.RuntimeProperties;
import io.kindling.kit.runtime.RuntimeSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** M3: the install's datastores are each workspace's own folder, so no workspace's job names another's data. */
class JobSpecContextsTest {

    @TempDir
    Path dir;

    @Test
    void eachWorkspaceHasItsOwnFolderOfTheInstallsDatastores() {
        Path blob = dir.resolve("datastores/workspaceblobstore");
        RuntimeProperties runtimes = new RuntimeProperties(dir.resolve("rt"), "4.2", false, dir.resolve("cds"));
        RuntimeCatalog catalog = new RuntimeCatalog(runtimes);
        JobSpecContexts contexts = new JobSpecContexts(catalog, new RuntimeSupport(catalog, runtimes,
                java.time.Clock.systemUTC()), new JobsProperties(List.of(), Map.of("workspaceblobstore", blob),
                dir.resolve("artifacts"), Duration.ofMillis(500), DataSize.ofMegabytes(1),
                new JobsProperties.Limits(16, null, null, DataSize.ofMegabytes(512)), List.of()));

        assertThat(contexts.datastores("team-a")).containsEntry("workspaceblobstore", blob.resolve("team-a"));
        assertThat(contexts.datastores("team-b")).containsEntry("workspaceblobstore", blob.resolve("team-b"));
        String spec = """
                type: spark
                code: kindling://artifacts/a-1
                entry: {class_name: org.example.Main}
                jars: [app.jar]
                conf: {spark.driver.cores: 1, spark.driver.memory: 1g, spark.executor.cores: 1,
                       spark.executor.memory: 1g, spark.executor.instances: 1}
                outputs:
                  out: {type: uri_folder, path: "azureml://datastores/workspaceblobstore/paths/shared/../report"}
                compute: lab
                """;
        assertThat(JobSpecs.validate(spec, contexts.current("team-b")).outputPaths())
                .containsEntry("out", blob.resolve("team-b/report"));
        for (String bad : new String[] {"..", "../team-a", "a/b", "", ".hidden"}) {
            assertThatThrownBy(() -> contexts.datastores(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
