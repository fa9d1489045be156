package io.kindling.conda.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.conda.spec.CondaSpecParser;
import io.kindling.conda.spec.Requirement;
import io.kindling.conda.spec.RuntimeComponents;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildPlannerTest {

    private static final RuntimeComponents RUNTIME = new RuntimeComponents("3.11.7", "4.2.0", "2.13.16", "17");

    @Test
    void whatTheRuntimeOrTheBaseHasIsSkippedWithTheReason() {
        BuildPlan plan = BuildPlanner.plan(CondaSpecParser.parse("""
                dependencies:
                  - python=3.11
                  - numpy>=1.20
                  - pandas=2.2
                  - pip:
                    - requests==2.31.0
                    - tinypkg
                """), RUNTIME, Map.of("numpy", "1.26.4", "pandas", "1.5.3", "requests", "2.32.3"), Optional.empty());

        assertThat(plan.skipped()).containsExactly(
                new BuildPlan.Skipped("dependencies[0]", "python=3.11", "the runtime has python 3.11.7"),
                new BuildPlan.Skipped("dependencies[1]", "numpy>=1.20", "the base has numpy 1.26.4"));
        assertThat(plan.install()).extracting(Requirement::name).containsExactly("pandas", "requests", "tinypkg");
        assertThat(plan.condaInstalls()).extracting(Requirement::asPipRequirement).containsExactly("pandas==2.2.*");
    }

    @Test
    void theCondaBuilderCreatesWithTheSpecsChannelsAndTheRuntimesPython() {
        BuildPlan plan = BuildPlanner.plan(CondaSpecParser.parse("""
                channels: [conda-forge, bioconda]
                dependencies: [samtools=1.19, {pip: [tinypkg]}]
                """), RUNTIME, Map.of(), Optional.empty());
        CondaCliBuilder conda = new CondaCliBuilder("micromamba", new ProcessRunner(Clock.systemUTC()),
                Clock.systemUTC(), false);

        assertThat(conda.createCommand(plan, Path.of("/x/env"))).isEqualTo(List.of("micromamba", "create", "--yes",
                "--prefix", "/x/env", "--override-channels", "--channel", "conda-forge", "--channel", "bioconda",
                "python=3.11.7", "pip", "samtools=1.19"));
    }
}
