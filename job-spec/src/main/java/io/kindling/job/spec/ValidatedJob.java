package io.kindling.job.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec that passed every check, with what running it needs worked out.
 *
 * @param spec         the spec as written
 * @param sizing       driver and executor sizes and the effective executor counts
 * @param instanceType the node size of a serverless job; {@code null} on an attached pool
 * @param inputPaths   input name to its resolved local path (data inputs only), in spec order
 * @param outputPaths  output name to its resolved local path, in spec order
 * @param args         {@code args} with every placeholder replaced by its path or literal; empty when none
 */
public record ValidatedJob(JobSpec spec, SparkSizing sizing, InstanceType instanceType, Map<String, Path> inputPaths,
                           Map<String, Path> outputPaths, String args) {

    public ValidatedJob {
        inputPaths = Collections.unmodifiableMap(new LinkedHashMap<>(inputPaths));
        outputPaths = Collections.unmodifiableMap(new LinkedHashMap<>(outputPaths));
    }

    /** Executors to start with. */
    public int executorCount() {
        return sizing.executorInstances();
    }
}
