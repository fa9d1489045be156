package io.kindling.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kindling.kit.environment.EnvironmentProperties;
import io.kindling.kit.environment.RuntimeEnvironments;
import io.kindling.kit.problem.ApiProblem;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.RuntimeProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/** The gateway's conda check on a workspace with network isolation, against a runtime directory on disk. */
class CondaSpecCheckTest {

    @TempDir
    Path root;

    private CondaSpecCheck check;

    @BeforeEach
    void runtime() throws Exception {
        Path jars = Files.createDirectories(root.resolve("spark-4.2/jars"));
        Files.createFile(jars.resolve("spark-core_2.13-4.2.0.jar"));
        Files.createFile(jars.resolve("scala-library-2.13.16.jar"));
        RuntimeCatalog catalog = new RuntimeCatalog(new RuntimeProperties(root, "4.2", false, root.resolve("cds")));
        check = new CondaSpecCheck(catalog, new RuntimeEnvironments(new EnvironmentProperties("python3", true,
                List.of("conda-forge"), List.of("https://pypi.internal.example/simple"))));
    }

    @Test
    void anIsolatedWorkspaceRefusesChannelsAndIndexesOffItsAllowlist() {
        ApiProblem channel = catchThrowableOfType(ApiProblem.class,
                () -> check.check("4.2", "channels: [conda-forge, defaults]\ndependencies: [numpy]"));
        assertThat(channel.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(channel.code()).isEqualTo("CONDA_CHANNEL_NOT_ALLOWED");
        assertThat(channel.fields()).containsEntry("field", "conda").containsEntry("entry", "channels[1]");

        ApiProblem index = catchThrowableOfType(ApiProblem.class, () -> check.check("4.2",
                "dependencies: [{pip: [--extra-index-url https://pypi.org/simple, requests]}]"));
        assertThat(index.code()).isEqualTo("CONDA_INDEX_NOT_ALLOWED");
        assertThat(index.fields()).containsEntry("entry", "dependencies[0].pip[0]");

        assertThatCode(() -> check.check("4.2", "channels: [conda-forge]\ndependencies: [numpy, {pip: "
                + "[--index-url https://pypi.internal.example/simple, requests]}]")).doesNotThrowAnyException();
    }

    @Test
    void theRuntimesScalaIsReadFromItsJars() {
        ApiProblem scala = catchThrowableOfType(ApiProblem.class,
                () -> check.check("4.2", "dependencies: [scala==2.13.15]"));
        assertThat(scala.code()).isEqualTo("CONDA_RUNTIME_COMPONENT");
        assertThat(scala.getMessage()).contains("Scala 2.13.16");
        assertThatCode(() -> check.check("4.2", "dependencies: [scala==2.13.16, pyspark==4.2.0, openjdk=17]"))
                .doesNotThrowAnyException();
    }
}
