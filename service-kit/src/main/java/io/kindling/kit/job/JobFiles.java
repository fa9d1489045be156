package io.kindling.kit.job;

import java.util.List;

/**
 * Where everything a job runs with is, as URIs its driver and executors can read ({@code file:} on this host).
 *
 * @param appResource the primary resource: the jar with the main class, or the Python file
 * @param jars        every jar, for the driver and executor classpaths ({@code spark.jars}), the primary first
 * @param files       {@code spark.files}
 * @param archives    {@code spark.archives}, each with its {@code #alias} when the spec gave one
 * @param pyFiles     {@code spark.submit.pyFiles}
 * @param conda       the conda spec the job's environment is built from (its {@code environment.conda_file}), or
 *                    {@code null} when it has none
 */
public record JobFiles(String appResource, List<String> jars, List<String> files, List<String> archives,
                       List<String> pyFiles, String conda) {

    public JobFiles {
        jars = List.copyOf(jars);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        pyFiles = List.copyOf(pyFiles);
    }
}
