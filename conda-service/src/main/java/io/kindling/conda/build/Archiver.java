package io.kindling.conda.build;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Packs a built environment into a {@code .tar.gz} Spark can unpack as {@code ./environment} ({@code
 * spark.archives}); tar keeps the symlinks a venv or conda environment relies on.
 */
public final class Archiver {

    private final ProcessRunner runner;
    private final Clock clock;

    public Archiver(ProcessRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    /**
     * Packs {@code prefix} into {@code archive}. tar runs where the build ran (as its user, in its sandbox: it reads
     * only what that user can) and writes to its standard output, which this service puts in a file of its own: what
     * a build left in its directory (a link to a file of Kindling's) is never read or moved as this service's user.
     */
    public void pack(Path prefix, Path archive, Path logFile, BuildStep steps, Instant deadline,
                     BuildConfinement confinement) {
        String step = "packing the environment";
        Instant since = clock.instant();
        steps.started(step, since);
        runner.runTo(archive, List.of("tar", "-czf", "-", "-C", prefix.toString(), "."), logFile, step, since,
                deadline, confinement);
    }
}
