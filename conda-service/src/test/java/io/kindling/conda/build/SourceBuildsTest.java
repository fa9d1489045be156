package io.kindling.conda.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kindling.conda.CondaProperties;
import io.kindling.conda.spec.CondaSpecParser;
import io.kindling.conda.spec.RuntimeComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H4: a package that comes only as a source distribution runs its build backend (a user's code) on conda-service's
 * host when pip builds it. With real pip and a local wheelhouse holding such an sdist, whose backend leaves a mark:
 * by default the build refuses it and no backend ran; only an operator's {@code allow-source-builds} lets it run.
 */
class SourceBuildsTest {

    private static final RuntimeComponents RUNTIME = new RuntimeComponents("3.11.7", "4.2.0", "2.13.16", "17");
    /** A Python with pip (the build's own interpreter, as the builder uses it). */
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void anSdistIsNeverBuiltByDefault() throws Exception {
        Path mark = dir.resolve("backend-ran");
        Path wheelhouse = sdist(mark);

        assertThatThrownBy(() -> build(wheelhouse, false)).isInstanceOf(BuildFailedException.class);
        assertThat(mark).as("the sdist's backend ran").doesNotExist();
        assertThat(Files.readString(dir.resolve("build.log"))).contains("--only-binary=:all:");
    }

    @Test
    void anOperatorMayAllowSourceBuilds() throws Exception {
        Path mark = dir.resolve("backend-ran");
        Path wheelhouse = sdist(mark);

        assertThatThrownBy(() -> build(wheelhouse, true)).isInstanceOf(BuildFailedException.class);
        assertThat(mark).as("the sdist's backend ran (the positive control)").exists();
    }

    private void build(Path wheelhouse, boolean allowSourceBuilds) {
        VenvBuilder builder = new VenvBuilder(PYTHON, new CondaProperties.Venv("", List.of(wheelhouse.toString())),
                new ProcessRunner(Clock.systemUTC()), Clock.systemUTC(), allowSourceBuilds);
        BuildPlan plan = BuildPlanner.plan(CondaSpecParser.parse("dependencies: [{pip: [marker==1.0]}]"), RUNTIME,
                Map.of(), Optional.empty());
        Path log = dir.resolve("build.log");
        builder.build(plan, dir.resolve("env"), log, (step, at) -> { }, Instant.now().plus(Duration.ofMinutes(3)),
                BuildConfinement.none());
    }

    /** A wheelhouse with {@code marker-1.0.tar.gz}, whose in-tree build backend creates {@code mark}. */
    private Path sdist(Path mark) throws IOException, InterruptedException {
        return Sdists.withBackend(dir, "marker", """
                def _mark():
                    open(%s, "w").write("ran")
                    raise RuntimeError("a build backend ran")
                def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
                    _mark()
                def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
                    _mark()
                """.formatted("'" + mark + "'"));
    }
}
