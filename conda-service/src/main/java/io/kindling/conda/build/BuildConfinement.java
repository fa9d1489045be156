package io.kindling.conda.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one build's commands run. Isolated, a build has a sandbox of its own (an OS user, a network namespace whose
 * only way out is a proxy to the allowed package sources, a cgroup), so that what a package's build runs (a
 * {@code setup.py}, a build backend, a conda post-link script) reads none of Kindling's files and reaches none of
 * its listeners; in single-user mode commands run as conda-service's user ({@link #none()}).
 */
public interface BuildConfinement extends AutoCloseable {

    /** Whether the build runs in a sandbox, as another OS user than the service's. */
    boolean sandboxed();

    /** {@code command} as it runs confined. */
    List<String> wrap(List<String> command);

    /** What a confined command's environment gets besides the scrubbed one: the way out (a proxy), if any. */
    Map<String, String> environment();

    /** The command's own {@code HOME} and temp directory when sandboxed; else builds share conda-service's. */
    Optional<Path> home();

    /** The destinations ({@code host:port}) the build tried to reach and was refused, each once, in order. */
    default List<String> refused() {
        return List.of();
    }

    /** Ends the build's confinement: every process it started is killed and what it wrote is the service's again. */
    @Override
    void close();

    /** Commands run as this service's user, on its network: single-user mode. */
    static BuildConfinement none() {
        return new BuildConfinement() {
            @Override
            public boolean sandboxed() {
                return false;
            }

            @Override
            public List<String> wrap(List<String> command) {
                return command;
            }

            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public Optional<Path> home() {
                return Optional.empty();
            }

            @Override
            public void close() {
                // nothing to end
            }
        };
    }
}
