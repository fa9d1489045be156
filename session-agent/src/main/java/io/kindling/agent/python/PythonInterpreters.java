package io.kindling.agent.python;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkFiles;

/**
 * Which Python runs a session's statements on the driver and its Python workers on the executors: the runtime's, or,
 * when the session has a conda environment, the environment's {@code bin/python}. {@code spark.archives} unpacks the
 * environment under its link name in the driver's SparkFiles directory and in each executor's work directory; on
 * executors the runtime's launcher finds it (Spark starts a session's Python workers in a subdirectory there).
 *
 * @param runtime         the runtime's interpreter (absolute)
 * @param environment     the link name of the session's environment archive, if it has one
 * @param executorLauncher the executors' interpreter for the environment, if it has one
 */
public record PythonInterpreters(String runtime, Optional<String> environment, Optional<String> executorLauncher) {

    /** The interpreter of the session's statements (asked once the SparkContext runs). */
    public String driver() {
        return environment.map(name -> Path.of(SparkFiles.getRootDirectory(), name, "bin", "python").toString())
                .orElse(runtime);
    }

    /** The interpreter of the executors' Python workers ({@code PYSPARK_PYTHON}). */
    public String executors() {
        return environment.isPresent() ? executorLauncher.orElseThrow() : runtime;
    }
}
