package io.kindling.conda.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Builds an environment into a directory (the port; a conda CLI and a Python venv implement it). A build either
 * completes, or throws and leaves the caller to delete the directory.
 */
public interface EnvironmentBuilder {

    /** {@code conda} or {@code venv}; part of the environment's hash. */
    String name();

    /**
     * Packages every environment of this builder already has, lower-case name to release.
     *
     * @param runtimePython the runtime's Python side, if it has one: what environments built on it see
     */
    Map<String, String> baseManifest(java.util.Optional<io.kindling.kit.runtime.RuntimePython> runtimePython);

    /**
     * @param prefix      an absent directory to build into (in a directory the build's user owns)
     * @param logFile     where installer output goes
     * @param deadline    when the install limit runs out
     * @param confinement where the build's commands run
     * @throws BuildFailedException when it cannot be built in time
     */
    void build(BuildPlan plan, Path prefix, Path logFile, BuildStep steps, Instant deadline,
               BuildConfinement confinement);
}
