package io.kindling.kit.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.conda.spec.CondaSpecParser;
import io.kindling.conda.spec.InvalidSpecException;
import io.kindling.conda.spec.RuntimeComponents;
import io.kindling.kit.runtime.RuntimePython;
import io.kindling.kit.runtime.SparkRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeEnvironmentsTest {

    /** An interpreter that cannot run: a runtime with a Python side must never need it. */
    private final RuntimeEnvironments environments = new RuntimeEnvironments(
            new EnvironmentProperties("/nonexistent/python3", false, List.of(), List.of()));

    @Test
    void aRuntimesOwnPythonIsTheReleaseACondaFileMayNotChange() {
        SparkRuntime runtime = new SparkRuntime("4.2", "4.2.0", "2.13", Path.of("/nonexistent/spark-4.2"),
                Optional.of(new RuntimePython("3.12.4", Path.of("/nonexistent/python"),
                        Path.of("/nonexistent/site-packages"), Path.of("/nonexistent/environment-python"),
                        Map.of("pyspark", "4.2.0"), Path.of("/nonexistent/tools"))));

        RuntimeComponents components = environments.components(runtime);

        assertThat(components.python()).isEqualTo("3.12.4");
        assertThat(components.check(CondaSpecParser.parse("dependencies: [python=3.12, numpy]"))).hasSize(1);
        assertThatThrownBy(() -> components.check(CondaSpecParser.parse("dependencies: [python=3.11]")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.code())
                        .isEqualTo("RUNTIME_COMPONENT"))
                .hasMessageContaining("Python 3.12.4");
        assertThatThrownBy(() -> components.check(CondaSpecParser.parse(
                "dependencies:\n  - pip:\n    - pyspark==4.1.1")))
                .hasMessageContaining("PySpark 4.2.0");
    }
}
